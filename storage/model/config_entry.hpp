// System configuration entries, as the PostgreSQL store (storage/postgres/config_store.hpp) gives
// and takes them. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace storage {

struct config_entry {
  std::string key;
  std::string value_json;  // the jsonb value as PostgreSQL prints it (normalized JSON text)
  std::optional<std::string> description;
  std::int64_t created_at_us = 0;  // microseconds since the Unix epoch
  std::int64_t updated_at_us = 0;
};

struct config_page {
  std::vector<config_entry> items;
  std::optional<std::string> next_after;  // the key to continue after; nullopt on the last page
};

struct config_upsert_result {
  config_entry entry;
  bool created = false;  // true when the key did not exist before
};

}  // namespace storage
