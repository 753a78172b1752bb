#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "storage/mongodb/bson_oid.hpp"

BOOST_AUTO_TEST_SUITE(bson_oid)

BOOST_AUTO_TEST_CASE(valid_ids_round_trip_in_lowercase) {
  auto oid = storage::parse_oid("65a1b2c3d4e5f60718293a4b");
  BOOST_REQUIRE(oid.has_value());
  BOOST_TEST(storage::format_oid(*oid) == "65a1b2c3d4e5f60718293a4b");
  auto upper = storage::parse_oid("65A1B2C3D4E5F60718293A4B");
  BOOST_REQUIRE(upper.has_value());
  BOOST_TEST(storage::format_oid(*upper) == "65a1b2c3d4e5f60718293a4b");
}

BOOST_AUTO_TEST_CASE(malformed_ids_are_refused) {
  const std::string bad[] = {
      "",
      "65a1b2c3d4e5f60718293a4",    // 23
      "65a1b2c3d4e5f60718293a4b0",  // 25
      "65a1b2c3d4e5f60718293a4g",   // not hex
      " 5a1b2c3d4e5f60718293a4b",   // space
      std::string("65a1b2c3d4e5\0" "0718293a4b", 24),  // embedded NUL
      "{\"$gt\": \"\"}",
      "../../etc/passwd",
      "00000000-0000-0000-0000-000000000000",
  };
  for (const auto& s : bad)
    BOOST_TEST(!storage::parse_oid(s).has_value(), "accepted: " << s);
}

BOOST_AUTO_TEST_CASE(new_ids_are_unique_and_carry_the_time) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i)
    seen.insert(storage::format_oid(storage::new_oid()));
  BOOST_TEST(seen.size() == 1000u);
  auto oid = *storage::parse_oid("65a1b2c3d4e5f60718293a4b");
  BOOST_TEST(storage::oid_time_ms(oid) == 0x65a1b2c3LL * 1000);
}

BOOST_AUTO_TEST_SUITE_END()
