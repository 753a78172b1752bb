// System configuration entries in PostgreSQL (table `system_configs`, migrations/postgres/0001):
// a key matching ^[a-z0-9_.-]{1,64}$ and any JSON value. Free functions over one pg_connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/config_entry.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace storage {

// True for keys matching ^[a-z0-9_.-]{1,64}$ (the schema's CHECK, stated once more in C++).
bool is_valid_config_key(const std::string& key);

// not_found when absent, also for a key that breaks the key rule.
result<config_entry> get_config(pg_connection& c, const std::string& key);

// Ordered by key, at most `limit` (1..1000, else invalid) entries after `after` (nullopt: from
// the first key).
result<config_page> list_configs(pg_connection& c, const std::optional<std::string>& after, int limit);

// Creates or replaces the value. `description` nullopt keeps the current description (none for
// a new key). invalid when the key breaks the rule or `value_json` is not JSON.
result<config_upsert_result> upsert_config(pg_connection& c, const std::string& key,
                                           const std::string& value_json,
                                           const std::optional<std::string>& description);

// not_found when absent (or the key breaks the rule).
status delete_config(pg_connection& c, const std::string& key);

}  // namespace storage
