// The users repository: domain messages in, SQL (storage/postgres/user_store) on the PostgreSQL pool.
//
//   (create_atom, new_user)                 -> user      conflict: email taken
//   (get_atom, string id)                   -> user      not_found (also for a malformed id)
//   (by_email_atom, string email)           -> user      not_found
//   (list_atom, user_list_query)            -> user_page newest first, keyset
//   (update_atom, string id, user_changes)  -> user      not_found, conflict
//   (delete_atom, string id)                -> ok_atom   not_found; sessions cascade
#pragma once

#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/user.hpp"

namespace actors {

struct user_list_query {
  std::optional<storage::user_cursor> after;
  int limit = 20;
  std::optional<std::string> email;
};

caf::behavior user_repository(caf::event_based_actor* self, pg_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::new_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::user_changes)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::user_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::user_list_query)
