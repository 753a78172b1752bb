#include "storage/mongodb/use_case_store.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/bson_update.hpp"
#include "storage/mongodb/documents.hpp"
#include "storage/mongodb/geo_cells.hpp"

namespace storage {

namespace {

status no_use_case() { return status::not_found("no such use case"); }

bson_ptr by_id(const bson_oid_t& oid) {
  bson_ptr filter = make_bson();
  append_oid(filter.get(), "_id", oid);
  return filter;
}

use_case to_use_case(const bson_t* doc) {
  use_case u;
  u.id = read_oid_hex(doc, "_id").value_or("");
  u.submitted_by = read_string(doc, "submitted_by").value_or("");
  u.title = read_string(doc, "title").value_or("");
  u.description = read_string(doc, "description").value_or("");
  u.industry = read_string(doc, "industry").value_or("");
  u.tags = read_strings(doc, "tags");
  u.location = read_location(doc, "location").value_or(location{});
  u.created_at_ms = read_date_ms(doc, "created_at").value_or(0);
  u.updated_at_ms = read_date_ms(doc, "updated_at").value_or(0);
  return u;
}

void add_filter(filter_builder& where, const use_case_filter& f) {
  if (f.industry)
    where.equals("industry", *f.industry);
  if (f.tag)
    where.equals("tags", *f.tag);
}

}  // namespace

result<use_case> create_use_case(const mongo_context& ctx, const new_use_case& in) {
  use_case u;
  const bson_oid_t oid = new_oid();
  u.id = format_oid(oid);
  u.submitted_by = in.submitted_by;
  u.title = in.title;
  u.description = in.description;
  u.industry = in.industry;
  u.tags = in.tags;
  u.location = in.location;
  u.created_at_ms = u.updated_at_ms = now_ms();
  bson_ptr doc = use_case_document(u);
  if (auto w = insert_one(ctx, use_cases_collection, doc.get()); !w.is_ok())
    return w.get_status();
  return u;
}

result<use_case> get_use_case(const mongo_context& ctx, std::string_view id) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_use_case();
  bson_ptr filter = by_id(*oid);
  auto doc = find_one(ctx, use_cases_collection, filter.get());
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return no_use_case();
  return to_use_case(doc.value()->get());
}

result<use_case> update_use_case(const mongo_context& ctx, std::string_view id, const use_case_patch& patch) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_use_case();
  if (patch.empty())
    return get_use_case(ctx, id);
  bson_ptr filter = by_id(*oid);
  set_update set;
  set.string("title", patch.title).string("description", patch.description).string("industry", patch.industry);
  set.strings("tags", patch.tags);
  if (patch.location)
    append_place(set.fields(), *patch.location);
  bson_ptr update = set.build(now_ms());
  auto doc = find_one_and_update(ctx, use_cases_collection, filter.get(), update.get());
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return no_use_case();
  return to_use_case(doc.value()->get());
}

status delete_use_case(const mongo_context& ctx, std::string_view id) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_use_case();
  bson_ptr filter = by_id(*oid);
  auto w = delete_one(ctx, use_cases_collection, filter.get());
  if (!w.is_ok())
    return w.get_status();
  return w->matched == 0 ? no_use_case() : status::ok();
}

result<use_case_page> list_use_cases(const mongo_context& ctx, const use_case_filter& f,
                                           const std::optional<use_case_cursor>& after,
                                           int limit) {
  limit = std::clamp(limit, 1, 1000);
  filter_builder where;
  add_filter(where, f);
  if (after) {
    auto oid = parse_oid(after->id);
    if (!oid)
      return status::invalid("malformed cursor");
    where.after_keyset("created_at", after->created_at_ms, *oid, /*descending=*/true);
  }
  bson_ptr filter = where.build();
  find_options opts;
  opts.sort = {{"created_at", -1}, {"_id", -1}};
  opts.limit = limit + 1;
  use_case_page page;
  bool more = false;
  auto st = find(ctx, use_cases_collection, filter.get(), opts, [&](const bson_t* doc) {
    if (static_cast<int>(page.items.size()) == limit)
      more = true;
    else
      page.items.push_back(to_use_case(doc));
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  if (more)
    page.next = use_case_cursor{page.items.back().created_at_ms, page.items.back().id};
  return page;
}

result<std::vector<use_case_hit>> near_use_cases(const mongo_context& ctx, double lat, double lng, double radius_km,
                                                       const use_case_filter& f, int limit) {
  if (!std::isfinite(lat) || !std::isfinite(lng) || !std::isfinite(radius_km) || radius_km <= 0)
    return status::invalid("near needs finite coordinates and a radius > 0");
  limit = std::clamp(limit, 1, 1000);
  // Every use case within radius_km read so far, by id (coarser cells overlap finer ones).
  std::map<std::string, use_case_hit> found;
  std::set<std::string> read_cells;
  for (double r = first_near_radius(radius_km);; r = next_near_radius(r, static_cast<long>(found.size()), radius_km)) {
    const cell_cover cover = cover_box(bounding_box_around(lat, lng, r));
    std::vector<std::string> cells;
    for (const std::string& cell : cover.cells)
      if (read_cells.insert(cell).second)
        cells.push_back(cell);
    if (!cells.empty()) {
      filter_builder where;
      where.equals_any("geo_cells", cells);  // any element of the array
      add_filter(where, f);
      bson_ptr filter = where.build();
      auto st = find(ctx, use_cases_collection, filter.get(), find_options{}, [&](const bson_t* doc) {
        use_case u = to_use_case(doc);
        const double d = distance_km(lat, lng, u.location.lat, u.location.lng);
        if (d <= radius_km && !found.contains(u.id)) {
          std::string id = u.id;
          found.emplace(std::move(id), use_case_hit{std::move(u), d});
        }
        return status::ok();
      });
      if (!st.is_ok())
        return st;
    }
    // Everything within r has been read: once `limit` lie within r, they are the nearest.
    const auto within = std::count_if(found.begin(), found.end(),
                                      [&](const auto& e) { return e.second.distance_km <= r; });
    if (within >= limit || r >= radius_km)
      break;
  }
  std::vector<use_case_hit> hits;
  hits.reserve(found.size());
  for (auto& [id, hit] : found)
    hits.push_back(std::move(hit));
  const auto nearer = [](const use_case_hit& a, const use_case_hit& b) {
    return a.distance_km != b.distance_km ? a.distance_km < b.distance_km : a.item.id < b.item.id;
  };
  const size_t keep = std::min(hits.size(), static_cast<size_t>(limit));
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(), nearer);
  hits.resize(keep);
  return hits;
}

}  // namespace storage
