// The users repository: domain messages in, SQL (storage/postgres/user_store) on the PostgreSQL pool.
//
//   (create_atom, new_user)                 -> user      conflict: email taken
//   (get_atom, string id)                   -> user      not_found (also for a malformed id)
//   (by_email_atom, string email)           -> user      not_found
//   (list_atom, user_list_query)            -> user_page newest first, keyset
//   (update_atom, string id, user_changes)  -> user      not_found, conflict
//   (delete_atom, string id)                -> ok_atom   not_found; sessions cascade
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

user_repository_actor::behavior_type user_repository(user_repository_actor::pointer self, pg_route route);

}  // namespace actors
