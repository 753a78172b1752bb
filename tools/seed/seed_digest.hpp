// The content hash of seeded data, computed from what the generator makes (expected) or from
// what the databases hold (actual); the two are equal exactly when the databases hold that
// data set and nothing else that is seeded.
//
// Each record becomes a canonical text: a user as the JSON array [id, email, full_name, role,
// is_active, created_at_us, updated_at_us] (never the password hash, which is salted per run),
// a document as its BSON bytes: every field, in order, with its type, marker included (no
// text formatting of numbers that could differ between library versions). Per part
// (users, then each collection) the hash is a multiset hash: the sum modulo 2^256 of the
// SHA-256 of every record's text. It does not depend on the order the records come in, so it
// needs neither sorting nor memory; the final hash is SHA-256 over each part's name, count and
// sum, parts in name order. Thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <bson/bson.h>

#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/user_store.hpp"
#include "tools/seed/seed_mongo.hpp"
#include "tools/seed/seed_plan.hpp"
#include "tools/seed/seed_progress.hpp"

namespace storage::seed {

class content_digest {
public:
  // Adds one record of `part` ("users", "forum_posts", ...).
  void add(const std::string& part, std::string_view canonical_text);

  // Records per part.
  std::map<std::string, std::int64_t> counts() const;
  // 64 hex digits.
  std::string hex() const;

private:
  struct part_sum {
    std::int64_t count = 0;
    std::array<std::uint8_t, 32> sum{};  // big-endian
  };
  std::map<std::string, part_sum> parts_;
};

inline constexpr const char* users_part = "users";

std::string canonical(const user& u);
std::string canonical(const bson_t* doc);

// The digest of the data set `pl` with the admin `admin_email` (generated, no database).
content_digest expected_digest(const plan& pl, const std::string& admin_email);

// The digest of every seeded user and every marked document the databases hold. Reports one
// phase per part to `out`.
result<content_digest> database_digest(pg_connection& pg, const mongo_target& mongo, progress& out);

}  // namespace storage::seed
