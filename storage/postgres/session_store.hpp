// Login sessions in PostgreSQL (table `user_sessions`, migrations/postgres/0001). Only the
// SHA-256 of a bearer token is stored, as 64 hex digits; the token itself never reaches the
// store. Free functions over one pg_connection (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/session.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace storage {

// The new session. not_found when the user does not exist (or `user_id` is malformed);
// invalid when `token_hash` is not 64 hex digits; conflict when the hash is already stored.
result<session> create_session(pg_connection& c, const std::string& user_id,
                               const std::string& token_hash, std::int64_t expires_at_us);

// The session with this token hash that has not expired yet; not_found otherwise (also for a
// malformed hash).
result<session> find_session_by_token_hash(pg_connection& c, const std::string& token_hash);

// The user's unexpired sessions, newest first, at most `limit` (1..1000, else invalid). An
// unknown or malformed user id gives an empty list.
result<std::vector<session>> list_active_sessions(pg_connection& c, const std::string& user_id,
                                                  int limit = 100);

// Deletes one session; not_found when absent (or malformed).
status revoke_session(pg_connection& c, const std::string& session_id);
status revoke_session_by_token_hash(pg_connection& c, const std::string& token_hash);

// Deletes every expired session; returns how many went.
result<std::int64_t> purge_expired_sessions(pg_connection& c);

}  // namespace storage
