// An embedded table of real cities with their coordinates, for seeded profiles and use cases.
// Constant data; thread-safe.
#pragma once

#include <span>

namespace storage::seed {

struct city {
  const char* name;
  const char* country;
  double lat;  // degrees, city centre, [-90, 90]
  double lng;  // degrees, [-180, 180]
};

// Industrial cities on every inhabited continent, both hemispheres and both sides of the
// antimeridian; at least 50. The order is part of the seed data (indexes are drawn into it):
// append, never reorder.
std::span<const city> cities();

}  // namespace storage::seed
