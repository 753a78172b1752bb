// The member profiles repository (storage/mongodb/profile_store on the MongoDB pool), one profile per
// user, keyed by the PostgreSQL user's id.
//
//   (upsert_atom, profile)                -> profile_upsert  `created` tells created from replaced
//   (get_atom, string user_id)            -> profile         not_found
//   (list_atom, profile_list_query)       -> profile_page    ordered by user_id, keyset
//   (delete_atom, string user_id)         -> ok_atom         not_found
//   (purge_atom, string user_id)          -> ok_atom         deletes it if present, never
//                                                            not_found (cleanup after a user
//                                                            is deleted in PostgreSQL)
#pragma once

#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/profile.hpp"

namespace actors {

struct profile_list_query {
  storage::profile_filter filter;
  std::optional<std::string> after_user_id;  // the previous page's next_after
  int limit = 20;
};

caf::behavior profile_repository(caf::event_based_actor* self, mongo_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::profile)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::profile_upsert)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::profile_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::profile_list_query)
