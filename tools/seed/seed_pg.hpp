// The PostgreSQL side of the seed data: seeded users, written in batches with one multi-row
// statement (unnest over array parameters, so the SQL is a constant) and found again by their
// self-certifying ids: a row is seeded exactly when its id is user_id(its email)
// (seed_ids.hpp), which no other code produces. Free functions over the caller's connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/user_store.hpp"
#include "tools/seed/seed_generator.hpp"

namespace storage::seed {

// Inserts `users` (at most a few thousand) with `password_hash`, in one statement; a user whose
// id or e-mail exists already is skipped and left as it is (ON CONFLICT DO NOTHING). Returns how
// many rows were inserted. updated_at is set to created_at.
result<std::int64_t> insert_users(pg_connection& c, const std::vector<user_record>& users,
                                  const std::string& password_hash);

// Calls `visit` with every seeded user (id == user_id(email)), password hash included, in id
// order. Reads the users table in pages of a few thousand rows.
status each_seeded_user(pg_connection& c, const std::function<void(const user&)>& visit);

// Deletes the users with these ids (their sessions go by FK cascade); returns how many.
result<std::int64_t> delete_users(pg_connection& c, const std::vector<std::string>& ids);

// A PostgreSQL array literal of text elements: {"a","b \"c\""}. Every element is quoted and
// '"' and '\' are backslash-escaped, so any text round-trips.
std::string pg_text_array(const std::vector<std::string>& items);

}  // namespace storage::seed
