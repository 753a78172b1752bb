// The login throttle as pure logic, with time passed in.
#include <boost/test/unit_test.hpp>

#include "http/login_throttle.hpp"

using namespace std::chrono_literals;
using http::login_throttle;

namespace {

const login_throttle::clock::time_point t0{};

}  // namespace

BOOST_AUTO_TEST_SUITE(login_throttle_rules)

BOOST_AUTO_TEST_CASE(five_free_failures_then_a_delay_that_doubles_up_to_the_cap) {
  login_throttle t({5, 1s, 8s, 900s, 100});
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(t.retry_after_s("a@x", t0) == 0);
    t.failed("a@x", t0);
  }
  BOOST_TEST(t.retry_after_s("a@x", t0) == 0, "five failures are free");
  t.failed("a@x", t0);  // 6th: 1 s
  BOOST_TEST(t.retry_after_s("a@x", t0) == 1);
  BOOST_TEST(t.retry_after_s("a@x", t0 + 1s) == 0);
  t.failed("a@x", t0 + 1s);  // 7th: 2 s
  BOOST_TEST(t.retry_after_s("a@x", t0 + 1s) == 2);
  BOOST_TEST(t.retry_after_s("a@x", t0 + 2500ms) == 1, "rounded up");
  t.failed("a@x", t0 + 3s);  // 8th: 4 s
  BOOST_TEST(t.retry_after_s("a@x", t0 + 3s) == 4);
  t.failed("a@x", t0 + 7s);  // 9th: 8 s, the cap
  t.failed("a@x", t0 + 15s);  // 10th: still 8 s
  BOOST_TEST(t.retry_after_s("a@x", t0 + 15s) == 8);
  BOOST_TEST(t.retry_after_s("b@x", t0 + 15s) == 0, "other emails are not affected");
}

BOOST_AUTO_TEST_CASE(a_success_clears_and_old_failures_expire) {
  login_throttle t({2, 1s, 60s, 100s, 100});
  t.failed("a@x", t0);
  t.failed("a@x", t0);
  t.failed("a@x", t0);
  BOOST_TEST(t.retry_after_s("a@x", t0) == 1);
  t.succeeded("a@x");
  BOOST_TEST(t.retry_after_s("a@x", t0) == 0);
  t.failed("a@x", t0);
  t.failed("a@x", t0);
  t.failed("a@x", t0 + 200s);  // the earlier two are outside the window: this is the first again
  BOOST_TEST(t.retry_after_s("a@x", t0 + 200s) == 0);
}

BOOST_AUTO_TEST_CASE(memory_is_bounded_and_stale_records_go_first) {
  login_throttle t({1, 10s, 60s, 100s, 3});
  t.failed("old@x", t0);
  t.failed("b@x", t0 + 150s);
  t.failed("b@x", t0 + 150s);  // blocked
  t.failed("c@x", t0 + 150s);
  t.failed("d@x", t0 + 150s);  // full: the stale record (old@x) makes room
  BOOST_TEST(t.tracked() == 3u);
  BOOST_TEST(t.retry_after_s("b@x", t0 + 150s) == 10, "a fresh record survives");
  for (int i = 0; i < 50; ++i)
    t.failed("flood" + std::to_string(i) + "@x", t0 + 151s);
  BOOST_TEST(t.tracked() == 3u);
  BOOST_TEST(t.retry_after_s("flood49@x", t0 + 151s) == 0);  // one failure is free
}

BOOST_AUTO_TEST_SUITE_END()
