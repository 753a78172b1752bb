// The commands the stores run, each bounded by the caller's deadline (sent as maxTimeMS) and
// each turning driver and server errors into a status through mongo_errors.hpp.
//
// Writes are sent as raw commands ({insert|update|delete|findAndModify: ..., maxTimeMS}) rather
// than through mongoc_collection_update_one & co.: those put unknown options such as maxTimeMS
// into each update statement, which servers reject. Write errors inside an ok:1 reply
// (writeErrors, writeConcernError) are turned into a status here.
//
// maxTimeMS bounds the server's work; server selection is bounded separately by the pool's
// serverSelectionTimeoutMS, so a call to a down server fails within that, whatever the budget.
// Thread-compatible: a context and its client belong to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

// Where and by when: a leased client, the database name, and the caller's deadline.
class mongo_context {
public:
  // The deadline is now + budget; a budget <= 0 makes every call a `timeout` at once.
  mongo_context(mongoc_client_t* client, std::string database, std::chrono::milliseconds budget);

  mongoc_client_t* client() const { return client_; }
  const std::string& database() const { return database_; }
  // Milliseconds left before the deadline (<= 0 when it has passed).
  int64_t remaining_ms() const;

private:
  mongoc_client_t* client_;
  std::string database_;
  std::chrono::steady_clock::time_point deadline_;
};

struct write_outcome {
  int64_t matched = 0;   // "n": documents matched (update), inserted or deleted
  int64_t modified = 0;  // "nModified" (update only)
  bool upserted = false;
};

// Called for each document a find returns; a non-ok status stops the iteration.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // see mongo_handles.hpp
using document_visitor = std::function<status(const bson_t*)>;
#pragma GCC diagnostic pop

struct find_options {
  std::vector<std::pair<const char*, int>> sort;  // ordered: {"created_at", -1}, {"_id", -1}
  int64_t limit = 0;                              // 0: no limit
  std::vector<const char*> projection;            // fields to return; empty: all
};

// {insert: coll, documents: [doc]}
result<write_outcome> insert_one(const mongo_context& ctx, const char* coll, const bson_t* doc);
// {update: coll, updates: [{q, u, upsert, multi: false}]}
result<write_outcome> update_one(const mongo_context& ctx, const char* coll, const bson_t* filter,
                                 const bson_t* update, bool upsert = false);
// {delete: coll, deletes: [{q, limit: 1 | 0}]}
result<write_outcome> delete_one(const mongo_context& ctx, const char* coll, const bson_t* filter);
result<write_outcome> delete_many(const mongo_context& ctx, const char* coll, const bson_t* filter);

// findAndModify with new: true. The document after the update, or nullopt when nothing
// matched (and nothing was upserted). `created`, when given, is set when it was upserted.
result<std::optional<bson_ptr>> find_one_and_update(const mongo_context& ctx, const char* coll,
                                                    const bson_t* filter, const bson_t* update,
                                                    bool upsert = false, bool* created = nullptr);

// Calls `on_doc` for each document in order; stops early (returning its status) when it fails.
status find(const mongo_context& ctx, const char* coll, const bson_t* filter,
            const find_options& opts, const document_visitor& on_doc);
// The first match (a copy), or nullopt.
result<std::optional<bson_ptr>> find_one(const mongo_context& ctx, const char* coll,
                                         const bson_t* filter, const find_options& opts = {});

// How many documents of `coll` match `filter`: {count: coll, query: filter}. With a top-level
// equality as the filter this is pushed down (and indexed) on FerretDB too; an aggregate over
// $in would not be (docs/mongodb.md).
result<int64_t> count_documents(const mongo_context& ctx, const char* coll, const bson_t* filter);

// count_documents of {field: value} for each of `values`, in order: one pushed-down count per
// value, so the cost follows the number of values (a page), not the collection.
result<std::vector<int64_t>> count_each(const mongo_context& ctx, const char* coll,
                                        const char* field, const std::vector<bson_oid_t>& values);

// How a command meets the client's URI options: `read` takes its readPreference and
// readConcern (counts, so a replica set's secondaries serve them when the URI says so), `write`
// its write concern (collection and index creation), `plain` none (buildInfo, admin commands).
enum class command_kind { plain, read, write };

// Any other command on ctx.database() (maxTimeMS appended); the server's reply in `reply`.
// `what` names it in error messages. `raw`, when given, receives the driver's error (zeroed on
// success) for callers that accept particular server codes (NamespaceExists on create).
status run_command(const mongo_context& ctx, const bson_t* cmd, bson_t* reply, std::string_view what,
                   bson_error_t* raw = nullptr, command_kind kind = command_kind::plain);

}  // namespace storage
