#include <boost/test/unit_test.hpp>

#include "storage/common/backoff.hpp"

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(backoff)

BOOST_AUTO_TEST_CASE(ceiling_doubles_up_to_the_cap) {
  storage::retry_settings s{5, 500ms, 10000ms};
  const long expected[] = {500, 1000, 2000, 4000, 8000, 10000, 10000};
  for (int n = 0; n < 7; ++n)
    BOOST_TEST(storage::backoff_ceiling(s, n).count() == expected[n], "attempt " << n);
  BOOST_TEST(storage::backoff_ceiling(s, 10000).count() == 10000);  // no overflow
}

BOOST_AUTO_TEST_CASE(full_jitter_spans_zero_to_the_ceiling) {
  storage::retry_settings s{5, 500ms, 10000ms};
  BOOST_TEST(storage::backoff_delay(s, 3, 0.0).count() == 0);
  BOOST_TEST(storage::backoff_delay(s, 3, 0.5).count() == 2000);
  BOOST_TEST(storage::backoff_delay(s, 3, 0.999999).count() == 3999);
  BOOST_TEST(storage::backoff_delay(s, 3, 7.0).count() == 4000);  // clamped
}

BOOST_AUTO_TEST_CASE(random_unit_is_in_range_and_varies) {
  double lo = 1, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    double u = storage::random_unit();
    BOOST_REQUIRE(u >= 0.0);
    BOOST_REQUIRE(u < 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  BOOST_TEST(lo < 0.1);
  BOOST_TEST(hi > 0.9);
}

BOOST_AUTO_TEST_SUITE_END()
