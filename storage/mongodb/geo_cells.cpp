#include "storage/mongodb/geo_cells.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace storage {

namespace {

// Number of cells of `size` degrees along an axis of `span` degrees.
int cells_along(double span, double size) { return static_cast<int>(std::ceil(span / size - 1e-9)); }

int lat_index(double lat, double size) {
  return std::clamp(static_cast<int>(std::floor((lat + 90) / size)), 0, cells_along(180, size) - 1);
}

int lng_index(double lng, double size) {
  return std::clamp(static_cast<int>(std::floor((lng + 180) / size)), 0, cells_along(360, size) - 1);
}

std::string cell_name(int level, int i, int j) {
  return std::to_string(level) + ":" + std::to_string(i) + ":" + std::to_string(j);
}

// The cells of `level` covering `box`, or an empty list once there would be more than `max`.
std::vector<std::string> cover_at(const bounding_box& box, int level, size_t max) {
  const double size = geo_cell_sizes_deg[level];
  const int i0 = lat_index(box.lat_min, size), i1 = lat_index(box.lat_max, size);
  std::vector<int> columns;
  for (const auto& r : box.lng)
    for (int j = lng_index(r.lo, size); j <= lng_index(r.hi, size); ++j)
      if (std::find(columns.begin(), columns.end(), j) == columns.end())
        columns.push_back(j);
  const size_t count = static_cast<size_t>(i1 - i0 + 1) * columns.size();
  std::vector<std::string> out;
  if (count > max)
    return out;
  out.reserve(count);
  for (int i = i0; i <= i1; ++i)
    for (int j : columns)
      out.push_back(cell_name(level, i, j));
  return out;
}

}  // namespace

std::vector<std::string> geo_cells_of(double lat, double lng) {
  std::vector<std::string> out;
  out.reserve(geo_cell_levels);
  for (int level = 0; level < geo_cell_levels; ++level) {
    const double size = geo_cell_sizes_deg[level];
    out.push_back(cell_name(level, lat_index(lat, size), lng_index(lng, size)));
  }
  return out;
}

cell_cover cover_box(const bounding_box& box, size_t max_cells) {
  for (int level = 0; level < geo_cell_levels - 1; ++level) {
    auto cells = cover_at(box, level, max_cells);
    if (!cells.empty())
      return {level, std::move(cells)};
  }
  const int top = geo_cell_levels - 1;
  return {top, cover_at(box, top, static_cast<size_t>(-1))};
}

double first_near_radius(double radius_km) { return std::min(near_first_radius_km, radius_km); }

double next_near_radius(double r, long found, double radius_km) {
  return std::min(radius_km, r * (found == 0 ? 4.0 : std::numbers::sqrt2));
}

}  // namespace storage
