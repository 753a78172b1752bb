#include "tools/seed/seed_mongo.hpp"

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_errors.hpp"

namespace storage::seed {

namespace {

// {$exists: present}
bson_ptr marker_exists(bool present) {
  bson_ptr filter = make_bson();
  bson_t cond;
  bson_append_document_begin(filter.get(), marker_field, -1, &cond);
  bson_append_bool(&cond, "$exists", -1, present);
  bson_append_document_end(filter.get(), &cond);
  return filter;
}

// Reads writeErrors of an insert reply: duplicate keys are counted, anything else fails.
status count_write_errors(const bson_t* reply, std::string_view what, std::int64_t& duplicates) {
  bson_iter_t it, list;
  if (bson_iter_init_find(&it, reply, "writeErrors") && BSON_ITER_HOLDS_ARRAY(&it) &&
      bson_iter_recurse(&it, &list)) {
    while (bson_iter_next(&list)) {
      bson_iter_t code, msg;
      bson_iter_t entry = list;
      const std::int64_t c = bson_iter_recurse(&entry, &code) && bson_iter_find(&code, "code")
                                 ? bson_iter_as_int64(&code) : 0;
      if (c == 11000) {
        ++duplicates;
        continue;
      }
      entry = list;
      std::string text = "write error";
      if (bson_iter_recurse(&entry, &msg) && bson_iter_find(&msg, "errmsg") && BSON_ITER_HOLDS_UTF8(&msg))
        text = bson_iter_utf8(&msg, nullptr);
      return to_status(server_error(static_cast<uint32_t>(c), text), what);
    }
  }
  if (has_field(reply, "writeConcernError"))
    return status::unavailable(std::string(what) + ": write concern error");
  return status::ok();
}

constexpr size_t copy_batch = 1000;
constexpr uint32_t namespace_exists = 48;  // server code of `create` on an existing collection

// The options of `coll` from listCollections; nullopt inside when there is no such collection.
result<std::optional<bson_ptr>> collection_options(const mongo_target& t, const std::string& coll) {
  mongo_database_ptr db{mongoc_client_get_database(t.client, t.database.c_str())};
  bson_ptr opts = make_bson();
  bson_t filter;
  bson_append_document_begin(opts.get(), "filter", -1, &filter);
  append_string(&filter, "name", coll);
  bson_append_document_end(opts.get(), &filter);
  mongo_cursor_ptr cursor{mongoc_database_find_collections_with_opts(db.get(), opts.get())};
  std::optional<bson_ptr> out;
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) {
    out = make_bson();
    bson_iter_t it;
    if (bson_iter_init_find(&it, doc, "options") && BSON_ITER_HOLDS_DOCUMENT(&it)) {
      uint32_t len = 0;
      const uint8_t* data = nullptr;
      bson_iter_document(&it, &len, &data);
      out->reset(bson_new_from_data(data, len));
    }
  }
  bson_error_t error{};
  if (mongoc_cursor_error(cursor.get(), &error))
    return to_status(error, "listCollections " + coll);
  return out;
}

// {createIndexes: coll, indexes: [...]} with every index of `coll` but _id's, as listIndexes
// describes them minus the server's bookkeeping ("v", "ns"); `count` receives how many.
result<bson_ptr> index_command(const mongo_target& t, const char* coll, int& count) {
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "createIndexes", coll);
  bson_t list;
  bson_append_array_begin(cmd.get(), "indexes", -1, &list);
  mongo_collection_ptr collection{mongoc_client_get_collection(t.client, t.database.c_str(), coll)};
  mongo_cursor_ptr cursor{mongoc_collection_find_indexes_with_opts(collection.get(), nullptr)};
  const bson_t* doc = nullptr;
  count = 0;
  while (mongoc_cursor_next(cursor.get(), &doc)) {
    if (read_string(doc, "name").value_or("") == "_id_")
      continue;
    bson_t spec;
    bson_init(&spec);
    bson_copy_to_excluding_noinit(doc, &spec, "v", "ns", nullptr);
    bson_append_document(&list, std::to_string(count++).c_str(), -1, &spec);
    bson_destroy(&spec);
  }
  bson_append_array_end(cmd.get(), &list);
  bson_error_t error{};
  if (mongoc_cursor_error(cursor.get(), &error))
    return to_status(error, std::string("listIndexes ") + coll);
  return cmd;
}

}  // namespace

result<insert_tally> insert_documents(const mongo_target& t, const char* coll,
                                      const std::vector<bson_ptr>& docs) {
  insert_tally tally;
  if (docs.empty())
    return tally;
  const std::string what = std::string("insert ") + coll;
  bson_ptr cmd = make_bson();
  append_string(cmd.get(), "insert", coll);
  bson_t list;
  bson_append_array_begin(cmd.get(), "documents", -1, &list);
  for (size_t i = 0; i < docs.size(); ++i)
    bson_append_document(&list, std::to_string(i).c_str(), -1, docs[i].get());
  bson_append_array_end(cmd.get(), &list);
  append_bool(cmd.get(), "ordered", false);
  append_int64(cmd.get(), "maxTimeMS", t.budget.count());
  bson_reply reply;
  bson_error_t error{};
  if (!mongoc_client_write_command_with_opts(t.client, t.database.c_str(), cmd.get(), nullptr,
                                             reply.get(), &error))
    return to_status(error, what);
  if (auto st = count_write_errors(reply.get(), what, tally.existing); !st.is_ok())
    return st;
  tally.inserted = read_int64(reply.get(), "n").value_or(0);
  return tally;
}

result<bool> has_marked(const mongo_target& t, const char* coll) {
  bson_ptr filter = marker_exists(true);
  find_options opts;
  opts.projection = {"_id"};
  auto doc = find_one(t.context(), coll, filter.get(), opts);
  if (!doc.is_ok())
    return doc.get_status();
  return doc->has_value();
}

result<bool> collection_exists(const mongo_target& t, const std::string& coll) {
  auto options = collection_options(t, coll);
  if (!options.is_ok())
    return options.get_status();
  return options->has_value();
}

status set_aside(const mongo_target& t, const char* coll, const std::string& aside) {
  const std::string what = std::string("set aside ") + coll;
  auto options = collection_options(t, coll);
  if (!options.is_ok())
    return options.get_status();
  int indexes = 0;
  auto create_indexes = index_command(t, coll, indexes);
  if (!create_indexes.is_ok())
    return create_indexes.get_status();
  bson_ptr rename = make_bson();  // an admin command; keeps the indexes with the documents
  append_string(rename.get(), "renameCollection", t.database + "." + coll);
  append_string(rename.get(), "to", t.database + "." + aside);
  bson_reply renamed;
  if (auto st = run_command({t.client, "admin", t.budget}, rename.get(), renamed.get(), what);
      !st.is_ok())
    return st;
  bson_ptr create = make_bson();
  append_string(create.get(), "create", coll);
  if (options->has_value())
    bson_concat(create.get(), options->value().get());
  bson_reply created;
  bson_error_t raw{};
  // NamespaceExists: a writer created it again meanwhile; it still gets its indexes.
  if (auto st = run_command(t.context(), create.get(), created.get(), what + ": create", &raw);
      !st.is_ok() && !(raw.domain == MONGOC_ERROR_SERVER && raw.code == namespace_exists))
    return st;
  if (indexes == 0)
    return status::ok();
  bson_reply indexed;
  return run_command(t.context(), create_indexes->get(), indexed.get(), what + ": createIndexes");
}

result<copy_tally> copy_back_and_drop(const mongo_target& t, const std::string& aside,
                                      const char* coll, progress& out) {
  copy_tally tally;
  std::vector<bson_ptr> batch;
  status failed;
  auto flush = [&] {
    auto n = insert_documents(t, coll, batch);
    if (!n.is_ok())
      failed = n.get_status();
    else
      tally.copied += n->inserted + n->existing;
    batch.clear();
  };
  bson_ptr all = make_bson();
  auto st = find(t.context(), aside.c_str(), all.get(), {}, [&](const bson_t* doc) {
    out.advance(1);
    if (has_field(doc, marker_field)) {
      ++tally.dropped;
      return status::ok();
    }
    batch.emplace_back(bson_copy(doc));
    if (batch.size() >= copy_batch)
      flush();
    return failed;
  });
  if (st.is_ok() && !batch.empty())
    flush();
  if (!st.is_ok() || !failed.is_ok())
    return st.is_ok() ? failed : st;
  bson_ptr drop = make_bson();
  append_string(drop.get(), "drop", aside);
  bson_reply dropped;
  if (auto d = run_command(t.context(), drop.get(), dropped.get(), "drop " + aside); !d.is_ok())
    return d;
  return tally;
}

status scan(const mongo_target& t, const char* coll, bool marked,
            const std::vector<const char*>& fields, const document_visitor& visit) {
  bson_ptr filter = marker_exists(marked);
  find_options opts;
  opts.projection = fields;
  return find(t.context(), coll, filter.get(), opts, visit);
}

result<bool> is_complete(const mongo_target& t, std::string_view set) {
  bson_ptr filter = make_bson();
  append_string(filter.get(), "_id", set);
  append_bool(filter.get(), "complete", true);
  auto doc = find_one(t.context(), meta_collection, filter.get());
  if (!doc.is_ok())
    return doc.get_status();
  return doc->has_value();
}

status mark_complete(const mongo_target& t, std::string_view set) {
  bson_ptr filter = make_bson();
  append_string(filter.get(), "_id", set);
  bson_ptr update = make_bson();
  bson_t fields;
  bson_append_document_begin(update.get(), "$set", -1, &fields);
  append_bool(&fields, "complete", true);
  append_date_ms(&fields, "completed_at", now_ms());
  bson_append_document_end(update.get(), &fields);
  return update_one(t.context(), meta_collection, filter.get(), update.get(), /*upsert=*/true)
      .get_status();
}

result<std::int64_t> forget_runs(const mongo_target& t) {
  bson_ptr all = make_bson();
  auto w = delete_many(t.context(), meta_collection, all.get());
  if (!w.is_ok())
    return w.get_status();
  return w->matched;
}

result<std::int64_t> delete_ids(const mongo_target& t, const char* coll,
                                const std::vector<std::string>& ids, bool object_ids) {
  if (ids.empty())
    return std::int64_t{0};
  bson_ptr filter = make_bson();
  bson_t cond, list;
  bson_append_document_begin(filter.get(), "_id", -1, &cond);
  bson_append_array_begin(&cond, "$in", -1, &list);
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string key = std::to_string(i);
    if (object_ids)
      append_oid_hex(&list, key.c_str(), ids[i]);
    else
      append_string(&list, key.c_str(), ids[i]);
  }
  bson_append_array_end(&cond, &list);
  bson_append_document_end(filter.get(), &cond);
  auto w = delete_many(t.context(), coll, filter.get());
  if (!w.is_ok())
    return w.get_status();
  return w->matched;
}

}  // namespace storage::seed
