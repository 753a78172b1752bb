#include "storage/mongodb/use_case_store.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/bson_update.hpp"
#include "storage/mongodb/documents.hpp"
#include "storage/mongodb/geo_cells.hpp"
#include "storage/mongodb/keyset_page.hpp"
#include "storage/mongodb/owned_document.hpp"

namespace storage {

namespace {

const owned_collection owned_use_cases{use_cases_collection, "no such use case"};

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
  u.submitted_by = in.submitted_by;
  u.title = in.title;
  u.description = in.description;
  u.industry = in.industry;
  u.tags = in.tags;
  u.location = in.location;
  return owned_use_cases.create(ctx, std::move(u), use_case_document);
}

result<use_case> get_use_case(const mongo_context& ctx, std::string_view id) {
  return owned_use_cases.get_as(ctx, id, to_use_case);
}

result<use_case> update_use_case(const mongo_context& ctx, std::string_view id, const use_case_patch& patch) {
  if (patch.empty())
    return get_use_case(ctx, id);
  set_update set;
  set.string("title", patch.title).string("description", patch.description).string("industry", patch.industry);
  set.strings("tags", patch.tags);
  if (patch.location)
    append_place(set.fields(), *patch.location);
  bson_ptr update = set.build(now_ms());
  return owned_use_cases.update_as(ctx, id, update.get(), to_use_case);
}

status delete_use_case(const mongo_context& ctx, std::string_view id) {
  return owned_use_cases.remove(ctx, id);
}

result<use_case_page> list_use_cases(const mongo_context& ctx, const use_case_filter& f,
                                           const std::optional<use_case_cursor>& after,
                                           int limit) {
  filter_builder where;
  add_filter(where, f);
  return created_page<use_case_page>(ctx, use_cases_collection, where, after, /*descending=*/true, limit,
                                     to_use_case);
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
