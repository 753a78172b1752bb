// Users in PostgreSQL (table `users`, migrations/postgres/0001). Free functions over one
// pg_connection; the caller owns the connection and its thread (see pg_connection.hpp).
// Validation of input rules (email form, lengths) is the caller's job; the store enforces only
// what the schema does and never lets a malformed id reach SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/user.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace storage {

// One row of a users SELECT whose columns are, in order: id::text, email, password_hash,
// full_name, role, is_active, and created_at / updated_at as integer microseconds since the
// epoch (the list every statement in pg_queries.hpp uses). internal on any other format.
result<user> read_user_row(const pg_result_set& r, int row);

// The new row. conflict when the email is taken (case-insensitively); invalid when the role
// is not "user" or "admin".
result<user> create_user(pg_connection& c, const new_user& u);

// not_found when absent or when `id` is not a canonical UUID.
result<user> get_user_by_id(pg_connection& c, const std::string& id);

// Case-insensitive match; not_found when absent.
result<user> get_user_by_email(pg_connection& c, const std::string& email);

// Newest first, at most `limit` (1..1000, else invalid) users after `after` (nullopt: from the
// start), only those whose email equals `email_filter` case-insensitively when given. A page
// never repeats or skips a row when rows are inserted between pages. A cursor whose id is not a
// canonical UUID is invalid.
result<user_page> list_users(pg_connection& c, const std::optional<user_cursor>& after, int limit,
                             const std::optional<std::string>& email_filter = std::nullopt);

// The updated row. not_found when absent (or malformed id); conflict when the new email is
// taken; invalid for a bad role. An empty change set returns the row unchanged.
result<user> update_user(pg_connection& c, const std::string& id, const user_changes& changes);

// not_found when absent (or malformed id). The user's sessions go with it (FK cascade).
status delete_user(pg_connection& c, const std::string& id);

}  // namespace storage
