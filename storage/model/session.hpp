// A login session, as the PostgreSQL store (storage/postgres/session_store.hpp) gives it. Plain data.
#pragma once

#include <cstdint>
#include <string>

namespace storage {

struct session {
  std::string id;          // canonical UUID text
  std::string user_id;
  std::string token_hash;  // SHA-256 of the token, 64 lower-case hex digits
  std::int64_t expires_at_us = 0;  // microseconds since the Unix epoch
  std::int64_t created_at_us = 0;
};

}  // namespace storage
