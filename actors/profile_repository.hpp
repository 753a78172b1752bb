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

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

profile_repository_actor::behavior_type profile_repository(profile_repository_actor::pointer self, mongo_route route);

}  // namespace actors
