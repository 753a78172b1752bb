// Industrial use cases in the `use_cases` collection, searchable by place. A plain store: every
// call runs on the caller's thread with the client of `ctx` and is bounded by its deadline.
// Thread-compatible.
//
// Document: {_id: ObjectId, submitted_by, title, description, industry, tags: [..],
// location: {lat, lng, city?, country?}, geo_cells: ["<level>:<i>:<j>", ..] (geo_cells.hpp),
// geo_point: {type: "Point", coordinates: [lng, lat]}, created_at: date, updated_at: date}.
// near() reads geo_cells (equality queries, indexed on both servers) and location; geo_point
// only feeds an optional 2dsphere index where the server has one (MongoDB); no query reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/geo.hpp"
#include "storage/model/use_case.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

result<use_case> create_use_case(const mongo_context& ctx, const new_use_case& u);

// `not_found` for an unknown or malformed id.
result<use_case> get_use_case(const mongo_context& ctx, std::string_view id);

// Applies `patch`, sets updated_at, returns the use case after the change. An empty patch
// changes nothing. `not_found` for an unknown or malformed id.
result<use_case> update_use_case(const mongo_context& ctx, std::string_view id, const use_case_patch& patch);

// `not_found` for an unknown or malformed id.
status delete_use_case(const mongo_context& ctx, std::string_view id);

// Newest first, at most `limit` (clamped to 1..1000), strictly after `after` when given.
// A cursor with a malformed id is `invalid`.
result<use_case_page> list_use_cases(const mongo_context& ctx, const use_case_filter& filter,
                                     const std::optional<use_case_cursor>& after, int limit);

// The use cases within `radius_km` of (lat, lng) that match `filter`, nearest first (ties by
// id), at most `limit` (clamped to 1..1000). It reads the grid cells around the point
// (geo_cells.hpp), one query per widening circle, until `limit` lie within the circle read;
// the exact haversine distance decides. Its cost follows `limit`, not the collection.
// Non-finite coordinates or a radius <= 0 are `invalid`.
result<std::vector<use_case_hit>> near_use_cases(const mongo_context& ctx, double lat, double lng, double radius_km,
                                                 const use_case_filter& filter, int limit);

}  // namespace storage
