// The grid cells of the near search (storage/mongodb/geo_cells.hpp): naming, clamping at the edges, and
// the property the search relies on: every point within r of a centre lies in a cell of the
// cover of that centre's bounding box of r.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "storage/model/geo.hpp"
#include "storage/mongodb/geo_cells.hpp"

namespace {

constexpr double deg = std::numbers::pi / 180.0;

// The point at `km` from (lat, lng) in direction `bearing` (radians) on the sphere.
std::pair<double, double> destination(double lat, double lng, double km, double bearing) {
  const double d = km / storage::earth_radius_km, p1 = lat * deg, l1 = lng * deg;
  const double p2 = std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(bearing));
  double l2 = l1 + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(p1), std::cos(d) - std::sin(p1) * std::sin(p2));
  l2 = std::remainder(l2, 2 * std::numbers::pi);  // back into [-pi, pi]
  return {p2 / deg, l2 / deg};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(geo_cells)

BOOST_AUTO_TEST_CASE(one_cell_per_level_with_clamped_edges) {
  const auto origin = storage::geo_cells_of(0, 0);
  BOOST_REQUIRE_EQUAL(origin.size(), static_cast<size_t>(storage::geo_cell_levels));
  BOOST_REQUIRE_EQUAL(storage::geo_cell_levels, 14);
  BOOST_TEST(origin[0] == "0:5760:11520");  // 1/64 degree cells: (0 + 90) * 64, (0 + 180) * 64
  BOOST_TEST(origin[6] == "6:90:180");      // 1 degree
  BOOST_TEST(origin[13] == "13:0:1");       // 180 degrees: two cells, east and west

  // The north pole and the antimeridian fall into the last cell, not one past it.
  const auto corner = storage::geo_cells_of(90, 180);
  BOOST_TEST(corner[0] == "0:11519:23039");
  BOOST_TEST(corner[13] == "13:0:1");
  const auto other = storage::geo_cells_of(-90, -180);
  BOOST_TEST(other[0] == "0:0:0");
  BOOST_TEST(other[13] == "13:0:0");

  // Berlin, at 0.5 degrees: lat (52.52 + 90) / 0.5 = 285.04, lng (13.405 + 180) / 0.5 = 386.81.
  BOOST_TEST(storage::geo_cells_of(52.52, 13.405)[5] == "5:285:386");
}

BOOST_AUTO_TEST_CASE(every_point_within_r_is_in_the_cover) {
  struct centre {
    const char* what;
    double lat, lng;
  };
  const centre centres[] = {
      {"Berlin", 52.52, 13.405},   {"equator", 0.1, 0.1},       {"Suva, antimeridian", -18.14, 178.44},
      {"Apia", -13.83, -171.77},   {"Alert, near the pole", 82.5, -62.35}, {"south pole", -89.9, 10},
      {"on a cell edge", 45.0, 9.0},
  };
  const double radii[] = {1, 25, 50, 200, 1000, 5000, 19000};
  std::mt19937_64 rng(20261201);
  std::uniform_real_distribution<double> unit(0, 1);
  for (const auto& c : centres)
    for (double r : radii) {
      BOOST_TEST_CONTEXT(c.what << ", r = " << r << " km") {
        const auto cover = storage::cover_box(storage::bounding_box_around(c.lat, c.lng, r));
        BOOST_TEST(!cover.cells.empty());
        if (cover.level < storage::geo_cell_levels - 1)
          BOOST_TEST(cover.cells.size() <= storage::max_cells_per_step);
        int missed = 0;
        for (int i = 0; i < 400; ++i) {
          // Uniform in the disc, plus points on its rim.
          const double km = i % 10 == 0 ? r * 0.999999 : r * std::sqrt(unit(rng));
          const auto [lat, lng] = destination(c.lat, c.lng, km, 2 * std::numbers::pi * unit(rng));
          const std::string cell = storage::geo_cells_of(lat, lng)[static_cast<size_t>(cover.level)];
          if (std::find(cover.cells.begin(), cover.cells.end(), cell) == cover.cells.end())
            ++missed;
        }
        BOOST_TEST(missed == 0);
      }
    }
}

BOOST_AUTO_TEST_CASE(the_cover_is_the_finest_level_that_fits) {
  // 25 km around Berlin: a box of 0.45 x 0.74 degrees. Sixteenth-degree cells would take
  // 8 x 12 (or more); eighth-degree cells take at most 5 x 7 = 35.
  const auto small = storage::cover_box(storage::bounding_box_around(52.52, 13.405, 25));
  BOOST_TEST(small.level == 3);
  BOOST_TEST(small.cells.size() <= 36u);
  // 1 km: the finest level.
  BOOST_TEST(storage::cover_box(storage::bounding_box_around(52.52, 13.405, 1)).level == 0);
  // The whole Earth: 64-degree cells, 3 x 6 of them.
  const auto all = storage::cover_box(storage::bounding_box_around(0, 0, 20000));
  BOOST_TEST(all.level == storage::geo_cell_levels - 2);
  BOOST_TEST(all.cells.size() == 18u);
  // With room for only two cells, the top level's two halves.
  const auto two = storage::cover_box(storage::bounding_box_around(0, 0, 20000), 2);
  BOOST_TEST(two.level == storage::geo_cell_levels - 1);
  BOOST_TEST(two.cells.size() == 2u);
}

BOOST_AUTO_TEST_CASE(radii_grow_by_root_two_or_by_four_while_empty) {
  const double s2 = std::numbers::sqrt2;
  BOOST_TEST(storage::first_near_radius(50) == 1);
  BOOST_TEST(storage::first_near_radius(0.5) == 0.5);
  BOOST_TEST(storage::next_near_radius(1, 3, 50) == s2);
  BOOST_TEST(storage::next_near_radius(1, 0, 50) == 4);   // nothing yet: the area grows 16 times
  BOOST_TEST(storage::next_near_radius(40, 3, 50) == 50);  // never past the asked radius
  // The steps to 20000 km: at most 30 whatever is found.
  for (long found : {0L, 1L}) {
    int steps = 1;
    for (double r = storage::first_near_radius(20000); r < 20000; r = storage::next_near_radius(r, found, 20000))
      ++steps;
    BOOST_TEST(steps <= 30);
  }
}

BOOST_AUTO_TEST_SUITE_END()
