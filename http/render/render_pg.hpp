// The API's JSON for PostgreSQL rows (CONTRACT.md, "Users, sessions, configuration"): users,
// sessions, a login's answer and configuration entries. Pure functions; thread-safe.
//
// Secrets never leave through here: a user's password hash and a session's token hash have no
// place in any shape. Every field of a shape is always present (null when the row has none).
// Times are RFC 3339 UTC with milliseconds (storage::format_rfc3339_ms of the stores'
// microseconds, truncated).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "storage/model/config_entry.hpp"
#include "storage/model/session.hpp"
#include "storage/model/user.hpp"

namespace http {

// {id, email, full_name, role, is_active, created_at, updated_at}
nlohmann::json user_json(const storage::user& u);

// {id, user_id, expires_at, created_at}
nlohmann::json session_json(const storage::session& s);

// POST /api/v1/sessions: {token, expires_at, user}. The token is shown here once and never
// again (only its hash is stored).
nlohmann::json login_json(const std::string& token, const storage::session& s, const storage::user& u);

// {key, value, description, created_at, updated_at}: `value` is the stored JSON itself (not a
// string of it), description null when there is none.
nlohmann::json config_json(const storage::config_entry& e);

}  // namespace http
