// Seeding: writes a data set (seed_plan.hpp) into both stores, users first (PostgreSQL), then
// profiles, posts, replies, upvotes and use cases (MongoDB), each phase reported to a progress.
//
// Idempotent: users go in with ON CONFLICT DO NOTHING (an existing user, the admin included,
// is left as it is: its password is not reset), documents with their fixed _id and
// ordered: false, so a document that exists is skipped. A completed run is recorded in
// seed_meta, and a later run of the same size then skips the MongoDB phases (on FerretDB,
// finding out which documents exist costs as much as sending them again); a run after an
// interruption sends everything again and inserts what is missing.
//
// One writer: FerretDB's SQLite backend serializes writes, and a second or fourth concurrent
// writer made bulk inserts no faster (measured: 2.8 s, 2.8 s and 6.6 s for 24k documents). Data of another
// size stays where it is: sizes share the users and profiles but not the forum or use cases,
// so use reset (seed_reset.hpp) to switch sizes.
//
// Writes go straight to the collections in the stores' document layout (seed_mongo.hpp), in
// batches, rather than through the stores' one-at-a-time calls; the rules the stores and the
// HTTP layer enforce hold because the generator only makes valid records (unit-tested).
// Blocking; the caller owns the connection and the client and their thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/crypto/password.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "tools/seed/seed_mongo.hpp"
#include "tools/seed/seed_plan.hpp"
#include "tools/seed/seed_progress.hpp"

namespace storage::seed {

struct seed_options {
  size data_size = size::small;
  std::string admin_email;     // trimmed, lower-cased and valid (the caller checks)
  std::string admin_password;  // 8..128 characters (the caller checks)
  std::string user_password;   // every seeded user's; 8..128 characters
  // Argon2id cost of the two hashes a run makes (one for the admin, one shared by every user).
  password_params hashing = password_params::interactive();
  std::int64_t batch = 1000;  // documents per insert command; users per statement
};

struct phase_result {
  std::string name;
  std::int64_t total = 0;     // records of the data set
  std::int64_t inserted = 0;  // written by this run
  std::int64_t existing = 0;  // found in place and left as they were
  std::int64_t ms = 0;
};

struct seed_result {
  std::vector<phase_result> phases;
  bool admin_created = false;  // false: a user with the admin's e-mail existed and was kept
};

result<seed_result> seed(pg_connection& pg, const mongo_target& mongo, const seed_options& o,
                         progress& out);

// "inserted 200, existing 0 in 1.2 s (166/s)": the line a phase ends with.
std::string summary(const phase_result& r);

}  // namespace storage::seed
