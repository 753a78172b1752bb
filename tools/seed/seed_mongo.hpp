// The bulk MongoDB commands of seeding: write, scan and remove seeded documents (built by
// seed_documents.hpp, tagged with its marker field).
//
// Removing seeded documents works around FerretDB 1.24 (SQLite), which answers every filter by
// scanning the whole collection and deletes the matches with one SQL statement of at most
// 32766 ids: a filtered delete of 300k documents would fail, and deleting in slices would scan
// the collection once per slice. Instead a collection is set aside (renamed, which keeps its
// indexes), created again empty with its options and indexes, and the documents that are not
// seeded are copied back; one scan in all, and nothing written meanwhile is lost (see
// seed_reset.hpp).
//
// Every call runs one or a few commands on the caller's client, each bounded by `budget`.
// Thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_handles.hpp"
#include "storage/mongodb/mongo_ops.hpp"
#include "tools/seed/seed_documents.hpp"
#include "tools/seed/seed_progress.hpp"

namespace storage::seed {

// Where a bulk command runs: a client of the caller's thread, a database, a per-command budget.
struct mongo_target {
  mongoc_client_t* client = nullptr;
  std::string database;
  std::chrono::milliseconds budget{std::chrono::minutes(10)};
  mongo_context context() const { return {client, database, budget}; }
};

struct insert_tally {
  std::int64_t inserted = 0;
  std::int64_t existing = 0;  // skipped: a document with the same _id was there already
};

// One insert command with every document of `docs`, ordered: false, so a duplicate _id skips
// only that document. Any other write error fails the call (the other documents may be in).
result<insert_tally> insert_documents(const mongo_target& t, const char* coll,
                                      const std::vector<bson_ptr>& docs);

// True when `coll` holds at least one marked document.
result<bool> has_marked(const mongo_target& t, const char* coll);

// True when the database has a collection named `coll`.
result<bool> collection_exists(const mongo_target& t, const std::string& coll);

// Renames `coll` to `aside` (which must not exist), then creates `coll` again, empty, with the
// options (validator included) and the indexes it had. NamespaceExists on the create is fine:
// a writer created it meanwhile, and it still gets its indexes.
status set_aside(const mongo_target& t, const char* coll, const std::string& aside);

struct copy_tally {
  std::int64_t copied = 0;   // unmarked documents copied back
  std::int64_t dropped = 0;  // marked documents left behind
};

// Copies every unmarked document of `aside` into `coll` (a document whose _id is there already
// is skipped), then drops `aside`. Advances `out` by one per document read.
result<copy_tally> copy_back_and_drop(const mongo_target& t, const std::string& aside,
                                      const char* coll, progress& out);

// Calls `visit` with every document of `coll` that has the marker (`marked`) or has not,
// returning only `fields` (all when empty).
status scan(const mongo_target& t, const char* coll, bool marked,
            const std::vector<const char*>& fields, const document_visitor& visit);

// seed_meta: one document per size whose run completed, {_id: "<size>", complete: true,
// completed_at: date}. A later run of that size skips the MongoDB phases instead of sending
// every document again; reset deletes them first.
inline constexpr const char* meta_collection = "seed_meta";
result<bool> is_complete(const mongo_target& t, std::string_view set);
status mark_complete(const mongo_target& t, std::string_view set);
// Deletes every seed_meta document; returns how many.
result<std::int64_t> forget_runs(const mongo_target& t);

// Deletes the documents of `coll` whose _id is one of `ids` ({_id: {$in: ids}}, one command),
// ObjectIds given as 24 hex digits when `object_ids`, else strings. Returns how many.
result<std::int64_t> delete_ids(const mongo_target& t, const char* coll,
                                const std::vector<std::string>& ids, bool object_ids);

}  // namespace storage::seed
