// Removing seed data, and only seed data, from both stores:
//   0. the seed_meta records of completed runs, and the remains of an interrupted reset;
//   1. every marked document (seed_documents.hpp), in the order upvotes, replies, posts, use
//      cases, profiles. A collection with seed data is set aside (renamed to
//      "<name>__seed_reset", which keeps its indexes), created again empty with its options and
//      indexes, and its unmarked documents are copied back; then the old one is dropped (see
//      seed_mongo.hpp for why, on FerretDB, this beats deleting). Writers go on meanwhile: what
//      they write lands in the new collection, and what they wrote before is copied back. An
//      unmarked document is missing from the new collection until it is copied back (a read
//      of it then answers 404);
//   2. what people added to seeded things: unmarked replies whose post is gone, then unmarked
//      upvotes whose reply is gone. Replies are read before posts (and upvotes before replies),
//      and a reply can only be created while its post exists, so a reply whose post is missing
//      afterwards belonged to a deleted post (a delete racing this one removes it as well);
//   3. every seeded user (id == user_id(email), seed_pg.hpp) with its sessions, then unmarked
//      profiles of those users.
// Content that people created as seeded users (posts, use cases) stays, as when the API deletes
// a user. Whether the target may be reset at all is the caller's check (seed_guard.hpp).
// An interrupted reset leaves at most "<name>__seed_reset" collections behind; the next reset or
// seed run copies their unmarked documents back and drops them.
// Blocking; the caller owns the connection and the client and their thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "tools/seed/seed_mongo.hpp"
#include "tools/seed/seed_progress.hpp"

namespace storage::seed {

struct reset_result {
  std::map<std::string, std::int64_t> deleted;  // "users", collection names
  std::int64_t ms = 0;
};

result<reset_result> reset(pg_connection& pg, const mongo_target& mongo, progress& out);

// Step 0's second half alone: copies back and drops what an interrupted reset set aside.
status finish_interrupted_reset(const mongo_target& mongo, progress& out);

}  // namespace storage::seed
