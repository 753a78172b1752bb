#include "storage/mongodb/mongo_ops.hpp"

#include <string>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/mongo_errors.hpp"

namespace storage {

namespace {

std::string what_on(std::string_view verb, const char* coll) {
  return std::string(verb) + " " + coll;
}

status deadline_passed(std::string_view what) {
  return status::timeout(std::string(what) + ": deadline passed before the call");
}

// Turns writeErrors / writeConcernError in an ok:1 reply into a status.
status check_write_errors(const bson_t* reply, std::string_view what) {
  bson_iter_t it, child;
  if (bson_iter_init_find(&it, reply, "writeErrors") && BSON_ITER_HOLDS_ARRAY(&it) &&
      bson_iter_recurse(&it, &child) && bson_iter_next(&child) && BSON_ITER_HOLDS_DOCUMENT(&child)) {
    uint32_t len = 0;
    const uint8_t* data = nullptr;
    bson_iter_document(&child, &len, &data);
    bson_t first;
    if (bson_init_static(&first, data, len)) {
      auto code = read_int64(&first, "code").value_or(0);
      auto msg = read_string(&first, "errmsg").value_or("write error");
      return to_status(server_error(static_cast<uint32_t>(code), msg), what);
    }
    return status::internal(std::string(what) + ": unreadable writeErrors");
  }
  if (has_field(reply, "writeConcernError")) {
    auto code = read_int64(reply, "writeConcernError.code").value_or(0);
    auto msg = read_string(reply, "writeConcernError.errmsg").value_or("write concern error");
    return to_status(server_error(static_cast<uint32_t>(code), msg), what);
  }
  return status::ok();
}

// Runs a write command (with maxTimeMS) and checks its write errors.
status run_write(const mongo_context& ctx, bson_t* cmd, bson_t* reply, std::string_view what) {
  const int64_t left = ctx.remaining_ms();
  if (left <= 0) {
    bson_init(reply);
    return deadline_passed(what);
  }
  bson_append_int64(cmd, "maxTimeMS", -1, left);
  bson_error_t error{};
  if (!mongoc_client_write_command_with_opts(ctx.client(), ctx.database().c_str(), cmd, nullptr,
                                             reply, &error))
    return to_status(error, what);
  return check_write_errors(reply, what);
}

write_outcome outcome_of(const bson_t* reply) {
  write_outcome out;
  out.matched = read_int64(reply, "n").value_or(0);
  out.modified = read_int64(reply, "nModified").value_or(0);
  out.upserted = has_field(reply, "upserted");
  return out;
}

bson_ptr copy_document(const bson_iter_t* it) {
  uint32_t len = 0;
  const uint8_t* data = nullptr;
  bson_iter_document(it, &len, &data);
  return bson_ptr{bson_new_from_data(data, len)};
}

result<write_outcome> delete_n(const mongo_context& ctx, const char* coll, const bson_t* filter,
                               int32_t limit) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "delete", coll);
  bson_t list, one;
  bson_append_array_begin(cmd.get(), "deletes", -1, &list);
  bson_append_document_begin(&list, "0", -1, &one);
  bson_append_document(&one, "q", -1, filter);
  bson_append_int32(&one, "limit", -1, limit);
  bson_append_document_end(&list, &one);
  bson_append_array_end(cmd.get(), &list);
  bson_reply reply;
  if (auto st = run_write(ctx, cmd.get(), reply.get(), what_on("delete", coll)); !st.is_ok())
    return st;
  return outcome_of(reply.get());
}

}  // namespace

mongo_context::mongo_context(mongoc_client_t* client, std::string database,
                             std::chrono::milliseconds budget)
    : client_(client),
      database_(std::move(database)),
      deadline_(std::chrono::steady_clock::now() + budget) {}

int64_t mongo_context::remaining_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(deadline_ - steady_clock::now()).count();
}

result<write_outcome> insert_one(const mongo_context& ctx, const char* coll, const bson_t* doc) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "insert", coll);
  bson_t list;
  bson_append_array_begin(cmd.get(), "documents", -1, &list);
  bson_append_document(&list, "0", -1, doc);
  bson_append_array_end(cmd.get(), &list);
  bson_reply reply;
  if (auto st = run_write(ctx, cmd.get(), reply.get(), what_on("insert", coll)); !st.is_ok())
    return st;
  return outcome_of(reply.get());
}

result<write_outcome> update_one(const mongo_context& ctx, const char* coll, const bson_t* filter,
                                 const bson_t* update, bool upsert) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "update", coll);
  bson_t list, one;
  bson_append_array_begin(cmd.get(), "updates", -1, &list);
  bson_append_document_begin(&list, "0", -1, &one);
  bson_append_document(&one, "q", -1, filter);
  bson_append_document(&one, "u", -1, update);
  bson_append_bool(&one, "upsert", -1, upsert);
  bson_append_bool(&one, "multi", -1, false);
  bson_append_document_end(&list, &one);
  bson_append_array_end(cmd.get(), &list);
  bson_reply reply;
  if (auto st = run_write(ctx, cmd.get(), reply.get(), what_on("update", coll)); !st.is_ok())
    return st;
  return outcome_of(reply.get());
}

result<write_outcome> delete_one(const mongo_context& ctx, const char* coll, const bson_t* filter) {
  return delete_n(ctx, coll, filter, 1);
}

result<write_outcome> delete_many(const mongo_context& ctx, const char* coll, const bson_t* filter) {
  return delete_n(ctx, coll, filter, 0);
}

result<std::optional<bson_ptr>> find_one_and_update(const mongo_context& ctx, const char* coll,
                                                    const bson_t* filter, const bson_t* update,
                                                    bool upsert, bool* created) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "findAndModify", coll);
  bson_append_document(cmd.get(), "query", -1, filter);
  bson_append_document(cmd.get(), "update", -1, update);
  bson_append_bool(cmd.get(), "new", -1, true);
  bson_append_bool(cmd.get(), "upsert", -1, upsert);
  bson_reply reply;
  if (auto st = run_write(ctx, cmd.get(), reply.get(), what_on("findAndModify", coll));
      !st.is_ok())
    return st;
  if (created)
    *created = has_field(reply.get(), "lastErrorObject.upserted");
  bson_iter_t it;
  if (bson_iter_init_find(&it, reply.get(), "value") && BSON_ITER_HOLDS_DOCUMENT(&it))
    return std::optional<bson_ptr>(copy_document(&it));
  return std::optional<bson_ptr>();
}

status find(const mongo_context& ctx, const char* coll, const bson_t* filter,
            const find_options& opts, const document_visitor& on_doc) {
  const std::string what = what_on("find", coll);
  const int64_t left = ctx.remaining_ms();
  if (left <= 0)
    return deadline_passed(what);
  bson_ptr options = make_bson();
  bson_append_int64(options.get(), "maxTimeMS", -1, left);
  if (!opts.sort.empty()) {
    bson_t sort;
    bson_append_document_begin(options.get(), "sort", -1, &sort);
    for (const auto& [field, dir] : opts.sort)
      bson_append_int32(&sort, field, -1, dir);
    bson_append_document_end(options.get(), &sort);
  }
  if (opts.limit > 0)
    bson_append_int64(options.get(), "limit", -1, opts.limit);
  if (!opts.projection.empty()) {
    bson_t proj;
    bson_append_document_begin(options.get(), "projection", -1, &proj);
    for (const char* field : opts.projection)
      bson_append_int32(&proj, field, -1, 1);
    bson_append_document_end(options.get(), &proj);
  }
  mongo_collection_ptr collection{
      mongoc_client_get_collection(ctx.client(), ctx.database().c_str(), coll)};
  mongo_cursor_ptr cursor{
      mongoc_collection_find_with_opts(collection.get(), filter, options.get(), nullptr)};
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) {
    if (auto st = on_doc(doc); !st.is_ok())
      return st;
  }
  bson_error_t error{};
  if (mongoc_cursor_error(cursor.get(), &error))
    return to_status(error, what);
  return status::ok();
}

result<std::optional<bson_ptr>> find_one(const mongo_context& ctx, const char* coll,
                                         const bson_t* filter, const find_options& opts) {
  find_options one = opts;
  one.limit = 1;
  std::optional<bson_ptr> out;
  auto st = find(ctx, coll, filter, one, [&](const bson_t* doc) {
    out = bson_ptr{bson_copy(doc)};
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  return out;
}

result<int64_t> count_documents(const mongo_context& ctx, const char* coll, const bson_t* filter) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "count", coll);
  bson_append_document(cmd.get(), "query", -1, filter);
  bson_reply reply;
  if (auto st = run_command(ctx, cmd.get(), reply.get(), what_on("count", coll), nullptr, command_kind::read);
      !st.is_ok())
    return st;
  return read_int64(reply.get(), "n").value_or(0);
}

result<std::vector<int64_t>> count_each(const mongo_context& ctx, const char* coll,
                                        const char* field, const std::vector<bson_oid_t>& values) {
  std::vector<int64_t> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    bson_ptr filter = make_bson();
    append_oid(filter.get(), field, v);
    auto n = count_documents(ctx, coll, filter.get());
    if (!n.is_ok())
      return n.get_status();
    out.push_back(n.value());
  }
  return out;
}

status run_command(const mongo_context& ctx, const bson_t* cmd, bson_t* reply, std::string_view what,
                   bson_error_t* raw, command_kind kind) {
  bson_error_t ignored{};
  bson_error_t& error = raw ? *raw : ignored;
  error = bson_error_t{};
  const int64_t left = ctx.remaining_ms();
  if (left <= 0) {
    bson_init(reply);
    return deadline_passed(what);
  }
  bson_ptr full{bson_copy(cmd)};
  bson_append_int64(full.get(), "maxTimeMS", -1, left);
  const char* db = ctx.database().c_str();
  // The read and write forms apply the client's URI options (readPreference, readConcern,
  // w/journal), which the plain form ignores (it always reads the primary, with no concern).
  bool ok = false;
  switch (kind) {
    case command_kind::read:
      ok = mongoc_client_read_command_with_opts(ctx.client(), db, full.get(), nullptr, nullptr, reply, &error);
      break;
    case command_kind::write:
      ok = mongoc_client_write_command_with_opts(ctx.client(), db, full.get(), nullptr, reply, &error);
      break;
    case command_kind::plain:
      ok = mongoc_client_command_with_opts(ctx.client(), db, full.get(), nullptr, nullptr, reply, &error);
      break;
  }
  if (!ok)
    return to_status(error, what);
  return kind == command_kind::write ? check_write_errors(reply, what) : status::ok();
}

}  // namespace storage
