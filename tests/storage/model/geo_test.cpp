#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>

#include "storage/model/geo.hpp"

namespace {

bool covers_lng(const storage::bounding_box& box, double lng) {
  for (const auto& r : box.lng)
    if (lng >= r.lo && lng <= r.hi)
      return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(geo)

// Reference distances: great-circle on a 6371.0088 km sphere (haversine).
BOOST_AUTO_TEST_CASE(city_distances_within_one_percent) {
  struct row {
    const char* what;
    double lat1, lng1, lat2, lng2, km;
  };
  const row rows[] = {
      {"Berlin-Potsdam", 52.5200, 13.4050, 52.3906, 13.0645, 27.0},
      {"Berlin-Munich", 52.5200, 13.4050, 48.1351, 11.5820, 504.0},
      {"Paris-London", 48.8566, 2.3522, 51.5074, -0.1278, 343.6},
      {"Suva-Apia (antimeridian)", -18.1416, 178.4419, -13.8333, -171.7667, 1150.0},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.what) {
      const double d = storage::distance_km(r.lat1, r.lng1, r.lat2, r.lng2);
      BOOST_TEST(std::fabs(d - r.km) / r.km < 0.01, "got " << d << " km, want ~" << r.km);
      // Symmetric.
      BOOST_TEST(std::fabs(d - storage::distance_km(r.lat2, r.lng2, r.lat1, r.lng1)) < 1e-9);
    }
  }
}

BOOST_AUTO_TEST_CASE(degenerate_distances) {
  BOOST_TEST(storage::distance_km(10, 20, 10, 20) == 0.0);
  // Antipodes: half the circumference, not NaN.
  const double half = storage::distance_km(0, 0, 0, 180);
  BOOST_TEST(std::fabs(half - std::numbers::pi * storage::earth_radius_km) < 1e-6);
  // One degree of latitude ~111.2 km.
  BOOST_TEST(std::fabs(storage::distance_km(0, 0, 1, 0) - 111.195) < 0.01);
}

BOOST_AUTO_TEST_CASE(box_around_berlin_is_one_tight_range) {
  auto box = storage::bounding_box_around(52.52, 13.405, 30);
  BOOST_REQUIRE_EQUAL(box.lng.size(), 1u);
  BOOST_TEST(!box.all_longitudes());
  // 30 km is 0.2698 degrees of latitude.
  BOOST_TEST(std::fabs((box.lat_max - 52.52) - 0.2698) < 0.001);
  BOOST_TEST(std::fabs((52.52 - box.lat_min) - 0.2698) < 0.001);
  // Longitude widens by about 1/cos(lat): 0.2698 / cos(52.52 deg) = 0.4434.
  BOOST_TEST(std::fabs((box.lng[0].hi - 13.405) - 0.4434) < 0.002);
  // Potsdam (27 km) is inside, Munich is not.
  BOOST_TEST(covers_lng(box, 13.0645));
  BOOST_TEST((52.3906 >= box.lat_min && 52.3906 <= box.lat_max));
  BOOST_TEST(!(48.1351 >= box.lat_min));
}

BOOST_AUTO_TEST_CASE(box_near_a_pole_spans_all_longitudes) {
  auto north = storage::bounding_box_around(89.5, 10, 100);  // reaches over the pole
  BOOST_TEST(north.all_longitudes());
  BOOST_TEST(north.lat_max == 90.0);
  BOOST_TEST(north.lat_min < 89.5 - 0.89);
  auto south = storage::bounding_box_around(-89.9, -45, 50);
  BOOST_TEST(south.all_longitudes());
  BOOST_TEST(south.lat_min == -90.0);
  // A point across the pole, 0.8 degrees (89 km) from (89.5, 10), is in the box.
  BOOST_TEST(storage::distance_km(89.5, 10, 89.7, -170) < 100.0);
  BOOST_TEST(covers_lng(north, -170));
  BOOST_TEST((89.7 >= north.lat_min && 89.7 <= north.lat_max));
}

BOOST_AUTO_TEST_CASE(box_across_the_antimeridian_splits_in_two) {
  // Suva, Fiji (178.44 E): 300 km reaches past 180.
  auto box = storage::bounding_box_around(-18.14, 178.44, 300);
  BOOST_REQUIRE_EQUAL(box.lng.size(), 2u);
  BOOST_TEST(box.lng[0].hi == 180.0);
  BOOST_TEST(box.lng[1].lo == -180.0);
  BOOST_TEST(covers_lng(box, 179.9));
  BOOST_TEST(covers_lng(box, -179.5));  // 1.06 degrees east of Suva, across the line
  BOOST_TEST(!covers_lng(box, 0.0));
  BOOST_TEST(!covers_lng(box, 170.0));
  // And westwards from the other side.
  auto west = storage::bounding_box_around(-13.83, -179.5, 200);
  BOOST_REQUIRE_EQUAL(west.lng.size(), 2u);
  BOOST_TEST(covers_lng(west, 179.5));
  BOOST_TEST(covers_lng(west, -178.5));
}

BOOST_AUTO_TEST_CASE(box_contains_every_point_of_the_circle) {
  // Sample the circle's rim: each rim point must lie inside the box.
  const double centres[][2] = {{0, 0}, {52.52, 13.405}, {-18.14, 178.44}, {70, -179.9}, {-60, 90}};
  for (const auto& c : centres) {
    for (double radius : {1.0, 50.0, 800.0, 3000.0}) {
      auto box = storage::bounding_box_around(c[0], c[1], radius);
      for (int step = 0; step < 360; step += 5) {
        // Destination point at bearing `step` (spherical formula).
        const double d = radius / storage::earth_radius_km, b = step * std::numbers::pi / 180;
        const double p1 = c[0] * std::numbers::pi / 180, l1 = c[1] * std::numbers::pi / 180;
        const double p2 = std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(b));
        double l2 = l1 + std::atan2(std::sin(b) * std::sin(d) * std::cos(p1),
                                    std::cos(d) - std::sin(p1) * std::sin(p2));
        double lat = p2 * 180 / std::numbers::pi, lng = std::remainder(l2 * 180 / std::numbers::pi, 360.0);
        BOOST_TEST_CONTEXT("centre " << c[0] << "," << c[1] << " r " << radius << " bearing " << step) {
          BOOST_TEST((lat >= box.lat_min && lat <= box.lat_max));
          BOOST_TEST(covers_lng(box, lng));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(huge_radius_is_everything) {
  auto box = storage::bounding_box_around(10, 10, 20000);
  BOOST_TEST(box.all_longitudes());
  BOOST_TEST(box.lat_min == -90.0);
  BOOST_TEST(box.lat_max == 90.0);
}

BOOST_AUTO_TEST_SUITE_END()
