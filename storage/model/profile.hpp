// User profiles, as the MongoDB store (storage/mongodb/profile_store.hpp) gives and takes them.
// Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/model/geo.hpp"

namespace storage {

struct profile {
  std::string user_id;  // the PostgreSQL user's UUID
  std::string display_name;
  std::string industry;
  std::optional<storage::location> location;
  std::vector<std::string> expertise;
  std::optional<std::string> bio;
  int64_t created_at_ms = 0;  // set by the store
  int64_t updated_at_ms = 0;  // set by the store
};

struct profile_filter {
  std::optional<std::string> industry;   // exact match
  std::optional<std::string> expertise;  // the profile lists this expertise
};

// Ordered by user_id ascending. `next_after` is the last user_id of this page when more may
// follow; pass it back as `after_user_id` for the next page.
struct profile_page {
  std::vector<profile> items;
  std::optional<std::string> next_after;
};

struct profile_upsert {
  profile stored;
  bool created = false;  // true when no profile existed for the user
};

}  // namespace storage
