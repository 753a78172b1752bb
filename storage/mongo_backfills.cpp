#include "storage/mongo_backfills.hpp"

#include <vector>

#include "storage/bson_fields.hpp"
#include "storage/geo_cells.hpp"
#include "storage/mongo_collections.hpp"
#include "storage/mongo_ops.hpp"

namespace storage {

namespace {

constexpr std::string_view use_case_geo_cells = "use_case_geo_cells";

struct placed {
  bson_oid_t id;
  location where;
};

result<int64_t> backfill_geo_cells(mongoc_client_t* client, const std::string& database,
                                   std::chrono::milliseconds budget) {
  // {geo_cells: {$exists: false}}: a scan, once per database (the migration is recorded after).
  bson_ptr missing = make_bson();
  bson_t cond;
  bson_append_document_begin(missing.get(), "geo_cells", -1, &cond);
  append_bool(&cond, "$exists", false);
  bson_append_document_end(missing.get(), &cond);
  find_options opts;
  opts.projection = {"location"};
  std::vector<placed> todo;
  auto st = find(mongo_context(client, database, budget), use_cases_collection, missing.get(), opts,
                 [&](const bson_t* doc) {
                   bson_iter_t it;
                   auto loc = read_location(doc, "location");
                   if (loc && bson_iter_init_find(&it, doc, "_id") && BSON_ITER_HOLDS_OID(&it))
                     todo.push_back(placed{*bson_iter_oid(&it), *loc});
                   return status::ok();
                 });
  if (!st.is_ok())
    return st;
  int64_t changed = 0;
  for (const auto& p : todo) {
    bson_ptr filter = make_bson();
    append_oid(filter.get(), "_id", p.id);
    bson_ptr update = make_bson();
    bson_t set;
    bson_append_document_begin(update.get(), "$set", -1, &set);
    append_strings(&set, "geo_cells", geo_cells_of(p.where.lat, p.where.lng));
    bson_append_document_end(update.get(), &set);
    auto w = update_one(mongo_context(client, database, budget), use_cases_collection, filter.get(),
                        update.get());
    if (!w.is_ok())
      return w.get_status();
    changed += w->modified;
  }
  return changed;
}

}  // namespace

bool is_known_backfill(std::string_view name) { return name == use_case_geo_cells; }

result<int64_t> run_backfill(mongoc_client_t* client, const std::string& database,
                             std::string_view name, std::chrono::milliseconds budget) {
  if (name == use_case_geo_cells)
    return backfill_geo_cells(client, database, budget);
  return status::invalid("unknown backfill " + std::string(name));
}

}  // namespace storage
