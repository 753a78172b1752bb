// Great-circle geometry for the "near" search on use cases: the exact distance is computed
// here, in C++, so one query path works on MongoDB and on FerretDB (which has no geo queries).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace storage {

// Mean Earth radius (IUGG), kilometres.
inline constexpr double earth_radius_km = 6371.0088;

// A place on Earth as the API spells it. lat in [-90, 90], lng in [-180, 180] (validated by
// the HTTP layer; the functions below tolerate any finite input).
struct location {
  double lat = 0;
  double lng = 0;
  std::optional<std::string> city;
  std::optional<std::string> country;
};

// Haversine distance between two points, kilometres.
double distance_km(double lat1, double lng1, double lat2, double lng2);

// A closed longitude interval with lo <= hi, both in [-180, 180].
struct lng_range {
  double lo = -180;
  double hi = 180;
};

// A prefilter that contains every point within `radius_km` of the centre (it may contain more).
// Longitudes come as one range, or two when the box crosses the antimeridian (±180). When the
// circle reaches a pole, or is wide enough that no longitude bound is tight, the box spans all
// longitudes.
struct bounding_box {
  double lat_min = -90;
  double lat_max = 90;
  std::vector<lng_range> lng;  // one or two ranges
  bool all_longitudes() const { return lng.size() == 1 && lng[0].lo <= -180 && lng[0].hi >= 180; }
};

// The box for the circle of `radius_km` around (lat, lng) (Matuschek's method: the longitude
// half-width is asin(sin(d) / cos(lat)) with d = radius / R), widened by a hair for rounding.
bounding_box bounding_box_around(double lat, double lng, double radius_km);

}  // namespace storage
