// A profile deletion still to do (storage/postgres/profile_cleanup_store.hpp). Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace storage {

// A row of pending_profile_deletions.
struct pending_profile_deletion {
  std::string user_id;             // canonical UUID text of the deleted user
  std::int64_t requested_at_us = 0;  // microseconds since the Unix epoch
  int attempts = 0;                // failed attempts so far
  std::optional<std::string> last_error;
  std::int64_t next_attempt_at_us = 0;  // due from then on
};

}  // namespace storage
