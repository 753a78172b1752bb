#include <boost/test/unit_test.hpp>

#include "storage/common/time_format.hpp"

BOOST_AUTO_TEST_SUITE(time_format)

BOOST_AUTO_TEST_CASE(rfc3339_table) {
  struct row {
    std::int64_t us;
    const char* expected;
  };
  const row table[] = {
      {0, "1970-01-01T00:00:00.000Z"},
      {1, "1970-01-01T00:00:00.000Z"},        // sub-millisecond digits truncated
      {999, "1970-01-01T00:00:00.000Z"},
      {1000, "1970-01-01T00:00:00.001Z"},
      {1795774530123456, "2026-11-27T10:15:30.123Z"},  // the contract's example
      {951782400000000, "2000-02-29T00:00:00.000Z"},   // leap day
      {4107542399999999, "2100-02-28T23:59:59.999Z"},  // 2100 is not a leap year
      {-1, "1969-12-31T23:59:59.999Z"},                // floor, never forward
      {-1000, "1969-12-31T23:59:59.999Z"},
      {-1001, "1969-12-31T23:59:59.998Z"},
      {-62167219200000000, "0000-01-01T00:00:00.000Z"},
      {INT64_MIN, "0000-01-01T00:00:00.000Z"},  // clamped
      {INT64_MAX, "9999-12-31T23:59:59.999Z"},  // clamped
  };
  for (const auto& r : table)
    BOOST_TEST(storage::format_rfc3339_ms(r.us) == r.expected, "us=" << r.us);
}

BOOST_AUTO_TEST_CASE(now_is_plausible) {
  auto now = storage::now_micros();
  BOOST_TEST(now > 1700000000000000);  // after November 2023
  BOOST_TEST(storage::format_rfc3339_ms(now).size() == 24u);
}

BOOST_AUTO_TEST_SUITE_END()
