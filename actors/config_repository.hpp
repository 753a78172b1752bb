// The system configuration repository (storage/postgres/config_store on the PostgreSQL pool).
//
//   (get_atom, string key)             -> config_entry          not_found
//   (list_atom, config_list_query)     -> config_page           ordered by key, keyset
//   (upsert_atom, config_put)          -> config_upsert_result  tells created from updated
//   (delete_atom, string key)          -> ok_atom               not_found
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

config_repository_actor::behavior_type config_repository(config_repository_actor::pointer self, pg_route route);

}  // namespace actors
