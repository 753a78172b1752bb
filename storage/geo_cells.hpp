// Grid cells for the "near" search on use cases, so that it runs as a few top-level equality
// queries ({geo_cells: "<cell>"}, pushed down and indexed on FerretDB and MongoDB alike) instead
// of a range scan over the whole collection (FerretDB evaluates ranges in its Go code).
//
// The grid has levels of square cells in degrees (0.25, 0.5, 1, ... 64, 180). Every use case
// stores its cell at each level in `geo_cells`, as "<level>:<lat index>:<lng index>". A search
// widens a radius r from 50 km by doubling: at each step it reads the cells of the finest level
// that covers the bounding box of r with at most `max_cells_per_step` cells, and stops as soon as
// `limit` use cases lie within r (or r reached the requested radius): everything within r has
// been read by then, so the nearest `limit` are among what was read. Each step costs one query
// per cell, mostly empty ones where use cases are sparse, so the first step reads the whole
// radius when it is at most near_first_radius_km (the API's default is 50 km). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "storage/geo.hpp"

namespace storage {

// Cell edge of each level, degrees, finest first.
inline constexpr double geo_cell_sizes_deg[] = {0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 180};
inline constexpr int geo_cell_levels = sizeof(geo_cell_sizes_deg) / sizeof(geo_cell_sizes_deg[0]);

inline constexpr double near_first_radius_km = 50;
inline constexpr size_t max_cells_per_step = 16;

// The point's cell at every level, finest first (the value of `geo_cells`).
std::vector<std::string> geo_cells_of(double lat, double lng);

// The cells of one level that together contain `box`.
struct cell_cover {
  int level = 0;
  std::vector<std::string> cells;
};

// The finest level whose cover of `box` has at most `max_cells` cells (the coarsest level when
// none has).
cell_cover cover_box(const bounding_box& box, size_t max_cells = max_cells_per_step);

// The radii a search reads, in order: near_first_radius_km doubling, capped at radius_km and
// ending with it. At most a few dozen steps for any radius the API accepts.
std::vector<double> near_radii(double radius_km);

}  // namespace storage
