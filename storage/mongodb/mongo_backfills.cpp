#include "storage/mongodb/mongo_backfills.hpp"

#include <optional>
#include <vector>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/geo_cells.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

namespace {

constexpr std::string_view use_case_geo_cells = "use_case_geo_cells";

struct placed {
  bson_oid_t id;
  location where;
};

// Every use case, by _id in pages of `page` (a sorted, limited find: bounded work per command on
// both servers, where a filter on a missing field would make FerretDB read the whole collection
// before its first batch); those without geo_cells get them.
result<int64_t> backfill_geo_cells(mongoc_client_t* client, const std::string& database,
                                   std::chrono::milliseconds budget) {
  constexpr int64_t page = 500;
  int64_t changed = 0;
  std::optional<bson_oid_t> after;
  for (;;) {
    bson_ptr filter = make_bson();
    if (after) {
      bson_t cond;
      bson_append_document_begin(filter.get(), "_id", -1, &cond);
      append_oid(&cond, "$gt", *after);
      bson_append_document_end(filter.get(), &cond);
    }
    find_options opts;
    opts.sort = {{"_id", 1}};
    opts.limit = page;
    opts.projection = {"location", "geo_cells"};
    std::vector<placed> todo;
    int64_t seen = 0;
    auto st = find(mongo_context(client, database, budget), use_cases_collection, filter.get(), opts,
                   [&](const bson_t* doc) {
                     bson_iter_t it;
                     if (!bson_iter_init_find(&it, doc, "_id") || !BSON_ITER_HOLDS_OID(&it))
                       return status::ok();
                     after = *bson_iter_oid(&it);
                     ++seen;
                     auto loc = read_location(doc, "location");
                     if (loc && !has_field(doc, "geo_cells"))
                       todo.push_back(placed{*after, *loc});
                     return status::ok();
                   });
    if (!st.is_ok())
      return st;
    for (const auto& p : todo) {
      bson_ptr by_id = make_bson();
      append_oid(by_id.get(), "_id", p.id);
      bson_ptr update = make_bson();
      bson_t set;
      bson_append_document_begin(update.get(), "$set", -1, &set);
      append_strings(&set, "geo_cells", geo_cells_of(p.where.lat, p.where.lng));
      bson_append_document_end(update.get(), &set);
      auto w = update_one(mongo_context(client, database, budget), use_cases_collection, by_id.get(),
                          update.get());
      if (!w.is_ok())
        return w.get_status();
      changed += w->modified;
    }
    if (seen < page)
      return changed;
  }
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
