// The system configuration repository (storage/postgres/config_store on the PostgreSQL pool).
//
//   (get_atom, string key)             -> config_entry          not_found
//   (list_atom, config_list_query)     -> config_page           ordered by key, keyset
//   (upsert_atom, config_put)          -> config_upsert_result  tells created from updated
//   (delete_atom, string key)          -> ok_atom               not_found
#pragma once

#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/config_entry.hpp"

namespace actors {

struct config_list_query {
  std::optional<std::string> after;
  int limit = 20;
};

struct config_put {
  std::string key;
  std::string value_json;
  std::optional<std::string> description;
};

caf::behavior config_repository(caf::event_based_actor* self, pg_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::config_entry)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::config_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::config_upsert_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::config_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::config_put)
