#include "storage/mongodb/mongo_migrator.hpp"

#include <map>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_json.hpp"
#include "storage/mongodb/mongo_backfills.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_errors.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

namespace {

constexpr uint32_t namespace_exists = 48;

// Logs an optional feature the server refused, once per process and feature. `st` reads
// "<what>: <server message>".
void log_skipped_once(const std::string& what, const status& st) {
  static std::mutex mutex;
  static std::set<std::string> seen;
  std::lock_guard<std::mutex> lock(mutex);
  if (!seen.insert(what).second)
    return;
  std::string_view why = st.message();
  if (why.substr(0, what.size() + 2) == what + ": ")
    why.remove_prefix(what.size() + 2);
  spdlog::info("mongodb migration {}: the server refused this optional item ({}); skipped, no "
               "query depends on it",
               what, why);
}

std::string label(const mongo_migration& m) { return m.file_name; }

bson_ptr index_command(const mongo_index_spec& spec) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "createIndexes", spec.collection);
  bson_t list, index, key;
  bson_append_array_begin(cmd.get(), "indexes", -1, &list);
  bson_append_document_begin(&list, "0", -1, &index);
  bson_append_document_begin(&index, "key", -1, &key);
  for (const auto& k : spec.keys) {
    if (k.kind.empty())
      bson_append_int32(&key, k.field.c_str(), -1, k.direction);
    else
      append_string(&key, k.field.c_str(), k.kind);
  }
  bson_append_document_end(&index, &key);
  append_string(&index, "name", spec.name);
  if (spec.unique)
    append_bool(&index, "unique", true);
  bson_append_document_end(&list, &index);
  bson_append_array_end(cmd.get(), &list);
  return cmd;
}

}  // namespace

mongo_migrator::mongo_migrator(mongo_client_pool& pool, std::string database, std::string dir,
                               std::chrono::milliseconds budget)
    : pool_(pool), database_(std::move(database)), dir_(std::move(dir)), budget_(budget) {}

result<std::vector<std::pair<int, mongo_migrator::history_entry>>> mongo_migrator::read_history(
    mongoc_client_t* client) {
  mongo_context ctx(client, database_, budget_);
  std::vector<std::pair<int, history_entry>> out;
  bson_ptr all = make_bson();
  find_options opts;
  opts.sort = {{"_id", 1}};
  auto st = find(ctx, migrations_collection, all.get(), opts, [&](const bson_t* doc) {
    auto version = read_int64(doc, "_id");
    if (!version)
      return storage::status::internal("schema_migrations holds a non-numeric _id");
    history_entry e;
    e.name = read_string(doc, "name").value_or("");
    e.checksum = read_string(doc, "checksum").value_or("");
    e.applied_at_ms = read_date_ms(doc, "applied_at").value_or(0);
    e.duration_ms = read_int64(doc, "duration_ms").value_or(0);
    out.emplace_back(static_cast<int>(*version), std::move(e));
    return storage::status::ok();
  });
  if (!st.is_ok())
    return st;
  return out;
}

storage::status mongo_migrator::apply(mongoc_client_t* client, const mongo_migration& m) {
  for (const auto& name : m.collections) {
    mongo_context ctx(client, database_, budget_);
    bson_ptr cmd = make_bson();
    append_string(cmd.get(), "create", name);
    bson_reply reply;
    bson_error_t raw{};
    auto st = run_command(ctx, cmd.get(), reply.get(), label(m) + ": create " + name, &raw, command_kind::write);
    if (!st.is_ok() && !(raw.domain == MONGOC_ERROR_SERVER && raw.code == namespace_exists))
      return st;
  }
  for (const auto& spec : m.indexes) {
    mongo_context ctx(client, database_, budget_);
    bson_ptr cmd = index_command(spec);
    bson_reply reply;
    const std::string what = label(m) + ": index " + spec.collection + "." + spec.name;
    if (auto st = run_command(ctx, cmd.get(), reply.get(), what, nullptr, command_kind::write); !st.is_ok()) {
      if (!spec.optional)
        return st;
      log_skipped_once(what, st);
    }
  }
  for (const auto& v : m.validators) {
    mongo_context ctx(client, database_, budget_);
    const std::string what = label(m) + ": validator on " + v.collection;
    auto schema = bson_from_json(v.json_schema);
    if (!schema.is_ok())
      return storage::status::invalid(what + ": " + schema.get_status().message());
    bson_ptr cmd = make_bson();
    append_string(cmd.get(), "collMod", v.collection);
    bson_t validator;
    bson_append_document_begin(cmd.get(), "validator", -1, &validator);
    bson_append_document(&validator, "$jsonSchema", -1, schema.value().get());
    bson_append_document_end(cmd.get(), &validator);
    // moderate: documents that already break the schema may still be updated.
    append_string(cmd.get(), "validationLevel", "moderate");
    bson_reply reply;
    if (auto st = run_command(ctx, cmd.get(), reply.get(), what, nullptr, command_kind::write); !st.is_ok()) {
      if (!v.optional)
        return st;
      log_skipped_once(what, st);
    }
  }
  for (const auto& name : m.backfills) {
    auto changed = run_backfill(client, database_, name, budget_);
    if (!changed.is_ok())
      return storage::status(changed.get_status().error_code(),
                             label(m) + ": backfill " + name + ": " + changed.get_status().message());
    spdlog::info("mongodb migration {}: backfill {} changed {} documents", label(m), name, changed.value());
  }
  return storage::status::ok();
}

result<std::vector<int>> mongo_migrator::up() {
  auto files = load_mongo_migrations(dir_);
  if (!files.is_ok())
    return files.get_status();
  auto lease = pool_.pop();
  if (!lease)
    return lease.get_status();
  auto history = read_history(lease.get());
  if (!history.is_ok())
    return history.get_status();
  std::map<int, history_entry> applied(history->begin(), history->end());

  // Refuse before touching anything when an applied file was edited.
  for (const auto& m : files.value()) {
    auto it = applied.find(m.version);
    if (it != applied.end() && it->second.checksum != m.checksum)
      return storage::status::conflict(
          "mongodb migration " + m.file_name +
          " was changed after it was applied (file checksum " + m.checksum +
          ", recorded " + it->second.checksum + "); add a new migration instead of editing it");
  }

  std::vector<int> done;
  for (const auto& m : files.value()) {
    if (applied.count(m.version))
      continue;
    const auto start = std::chrono::steady_clock::now();
    if (auto st = apply(lease.get(), m); !st.is_ok())
      return st;
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    bson_ptr doc = make_bson();
    bson_append_int32(doc.get(), "_id", -1, m.version);
    append_string(doc.get(), "name", m.name);
    append_string(doc.get(), "checksum", m.checksum);
    append_date_ms(doc.get(), "applied_at", now_ms());
    append_int64(doc.get(), "duration_ms", took.count());
    mongo_context ctx(lease.get(), database_, budget_);
    auto w = insert_one(ctx, migrations_collection, doc.get());
    if (w.is_ok()) {
      spdlog::info("mongodb migration {} applied in {} ms", m.file_name, took.count());
      done.push_back(m.version);
      continue;
    }
    if (w.get_status().error_code() != code::conflict)
      return w.get_status();
    // Another instance recorded it first; it must have recorded the same file.
    auto again = read_history(lease.get());
    if (!again.is_ok())
      return again.get_status();
    for (const auto& [version, entry] : again.value())
      if (version == m.version && entry.checksum != m.checksum)
        return storage::status::conflict("mongodb migration " + m.file_name +
                                         " was recorded by another instance with checksum " +
                                         entry.checksum + ", not " + m.checksum);
  }
  return done;
}

result<std::vector<mongo_migration_state>> mongo_migrator::status() {
  auto files = load_mongo_migrations(dir_);
  if (!files.is_ok())
    return files.get_status();
  auto lease = pool_.pop();
  if (!lease)
    return lease.get_status();
  auto history = read_history(lease.get());
  if (!history.is_ok())
    return history.get_status();
  std::map<int, history_entry> applied(history->begin(), history->end());
  std::vector<mongo_migration_state> out;
  for (const auto& m : files.value()) {
    mongo_migration_state s;
    s.version = m.version;
    s.name = m.name;
    s.checksum = m.checksum;
    if (auto it = applied.find(m.version); it != applied.end()) {
      s.applied = true;
      s.changed = it->second.checksum != m.checksum;
      s.applied_at_ms = it->second.applied_at_ms;
      s.duration_ms = it->second.duration_ms;
      applied.erase(it);
    }
    out.push_back(std::move(s));
  }
  for (const auto& [version, entry] : applied) {
    mongo_migration_state s;
    s.version = version;
    s.name = entry.name;
    s.applied = true;
    s.file_missing = true;
    s.checksum = entry.checksum;
    s.applied_at_ms = entry.applied_at_ms;
    s.duration_ms = entry.duration_ms;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace storage
