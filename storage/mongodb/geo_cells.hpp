// Grid cells for the "near" search on use cases, so that it runs as a few top-level queries
// ({geo_cells: {$in: [cells]}}: indexed on MongoDB, and on FerretDB pushed down with our $in patch
// onto a GIN index) instead of a range scan over the whole collection (FerretDB evaluates ranges
// in its Go code).
//
// The grid has levels of square cells in degrees (1/64, 1/32, ... 1, 2, ... 64, 180). Every use
// case stores its cell at each level in `geo_cells`, as "<level>:<lat index>:<lng index>". A
// search widens a radius r from near_first_radius_km by a factor of sqrt(2) (the circle's area
// doubles; by 4 while nothing has been found) up to the requested radius: at
// each step one query reads the cells of the finest level that covers the bounding box of r with
// at most `max_cells_per_step` cells, and the search stops as soon as `limit` use cases lie
// within r (everything within r has been read by then, so the nearest `limit` are among what was
// read). So a search reads a few times `limit` use cases wherever they are dense, and only
// empty cells where they are not: its cost follows `limit`, not the collection. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "storage/model/geo.hpp"

namespace storage {

// Cell edge of each level, degrees, finest first (1/64 degree is 1.7 km of latitude).
inline constexpr double geo_cell_sizes_deg[] = {1.0 / 64, 1.0 / 32, 1.0 / 16, 0.125, 0.25, 0.5, 1,
                                                2,        4,        8,        16,    32,   64,  180};
inline constexpr int geo_cell_levels = sizeof(geo_cell_sizes_deg) / sizeof(geo_cell_sizes_deg[0]);

inline constexpr double near_first_radius_km = 1;
inline constexpr size_t max_cells_per_step = 36;

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

// The first radius a search reads: near_first_radius_km, or radius_km when that is smaller.
double first_near_radius(double radius_km);

// The radius after `r` (which held `found` use cases): r * sqrt(2), or r * 4 while `found` is 0,
// never past radius_km. At most 30 steps for any radius the API accepts (20000 km).
double next_near_radius(double r, long found, double radius_km);

}  // namespace storage
