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

#include "storage/geo.hpp"
#include "storage/mongo_collections.hpp"
#include "storage/mongo_ops.hpp"
#include "storage/status.hpp"

namespace storage {

struct use_case {
  std::string id;  // 24 hex
  std::string submitted_by;
  std::string title;
  std::string description;
  std::string industry;
  std::vector<std::string> tags;
  storage::location location;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct new_use_case {
  std::string submitted_by;
  std::string title;
  std::string description;
  std::string industry;
  std::vector<std::string> tags;
  storage::location location;
};

// A partial update: only the fields given change (a location replaces the whole location).
struct use_case_patch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> industry;
  std::optional<std::vector<std::string>> tags;
  std::optional<storage::location> location;
  bool empty() const { return !title && !description && !industry && !tags && !location; }
};

struct use_case_filter {
  std::optional<std::string> industry;
  std::optional<std::string> tag;
};

struct use_case_cursor {
  int64_t created_at_ms = 0;
  std::string id;
};

// Newest first (created_at desc, _id desc). `next` is set when more may follow.
struct use_case_page {
  std::vector<use_case> items;
  std::optional<use_case_cursor> next;
};

struct use_case_hit {
  use_case item;
  double distance_km = 0;  // great-circle distance from the search centre
};

class use_case_store {
public:
  explicit use_case_store(const mongo_context& ctx) : ctx_(ctx) {}

  result<use_case> create(const new_use_case& u);

  // `not_found` for an unknown or malformed id.
  result<use_case> get(std::string_view id);

  // Applies `patch`, sets updated_at, returns the use case after the change. An empty patch
  // changes nothing. `not_found` for an unknown or malformed id.
  result<use_case> update(std::string_view id, const use_case_patch& patch);

  // `not_found` for an unknown or malformed id.
  status remove(std::string_view id);

  // Newest first, at most `limit` (clamped to 1..1000), strictly after `after` when given.
  // A cursor with a malformed id is `invalid`.
  result<use_case_page> list(const use_case_filter& filter,
                             const std::optional<use_case_cursor>& after, int limit);

  // The use cases within `radius_km` of (lat, lng) that match `filter`, nearest first (ties by
  // id), at most `limit` (clamped to 1..1000). It reads the grid cells around the point
  // (geo_cells.hpp), one query per widening circle, until `limit` lie within the circle read;
  // the exact haversine distance decides. Its cost follows `limit`, not the collection.
  // Non-finite coordinates or a radius <= 0 are `invalid`.
  result<std::vector<use_case_hit>> near(double lat, double lng, double radius_km,
                                         const use_case_filter& filter, int limit);

private:
  mongo_context ctx_;
};

}  // namespace storage
