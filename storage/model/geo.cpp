#include "storage/model/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace storage {

namespace {

constexpr double deg = std::numbers::pi / 180.0;
// About 1 cm: covers rounding in the box computation without letting in real outsiders.
constexpr double margin_deg = 1e-7;

}  // namespace

double distance_km(double lat1, double lng1, double lat2, double lng2) {
  const double p1 = lat1 * deg, p2 = lat2 * deg;
  const double dp = (lat2 - lat1) * deg, dl = (lng2 - lng1) * deg;
  const double a = std::sin(dp / 2) * std::sin(dp / 2) +
                   std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  // Clamp: rounding can push `a` a hair past 1 for antipodal points, and asin(>1) is NaN.
  return 2 * earth_radius_km * std::asin(std::sqrt(std::clamp(a, 0.0, 1.0)));
}

bounding_box bounding_box_around(double lat, double lng, double radius_km) {
  bounding_box box;
  const double d = std::max(0.0, radius_km) / earth_radius_km;  // angular radius, radians
  const double d_deg = d / deg;
  box.lat_min = lat - d_deg - margin_deg;
  box.lat_max = lat + d_deg + margin_deg;
  // A pole inside the circle (or the circle wider than a hemisphere): every longitude qualifies.
  if (box.lat_min <= -90 || box.lat_max >= 90 || d >= std::numbers::pi / 2) {
    box.lat_min = std::max(box.lat_min, -90.0);
    box.lat_max = std::min(box.lat_max, 90.0);
    box.lng = {lng_range{-180, 180}};
    return box;
  }
  const double ratio = std::sin(d) / std::cos(lat * deg);
  if (ratio >= 1) {
    box.lng = {lng_range{-180, 180}};
    return box;
  }
  const double half = std::asin(ratio) / deg + margin_deg;
  const double lo = lng - half, hi = lng + half;
  if (hi - lo >= 360) {
    box.lng = {lng_range{-180, 180}};
  } else if (lo < -180) {  // crosses the antimeridian westwards
    box.lng = {lng_range{lo + 360, 180}, lng_range{-180, hi}};
  } else if (hi > 180) {  // crosses it eastwards
    box.lng = {lng_range{lo, 180}, lng_range{-180, hi - 360}};
  } else {
    box.lng = {lng_range{lo, hi}};
  }
  return box;
}

}  // namespace storage
