#include <boost/test/unit_test.hpp>

#include "storage/common/reconnect_state.hpp"

using namespace std::chrono_literals;
using storage::failure_cause;
using storage::link_state;

namespace {

storage::status down(const char* why, failure_cause cause = failure_cause::connection_lost) {
  return storage::status::unavailable(why).because(cause);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reconnect_state)

BOOST_AUTO_TEST_CASE(failures_back_off_and_go_down_after_the_startup_attempts) {
  storage::reconnect_state r({3, 100ms, 1000ms});
  const auto t0 = storage::reconnect_state::clock::now();
  BOOST_TEST((r.state() == link_state::up));
  BOOST_TEST(!r.next_retry_in_ms(t0).has_value());

  auto d1 = r.on_failure(t0, down("connection refused", failure_cause::connection_refused), 0.5);
  BOOST_TEST(d1.count() == 50);  // half of the first ceiling (100 ms)
  BOOST_TEST((r.last_cause() == failure_cause::connection_refused));
  BOOST_TEST((r.state() == link_state::reconnecting));
  BOOST_TEST(!r.may_attempt(t0));
  BOOST_TEST(r.may_attempt(t0 + 50ms));
  BOOST_TEST(*r.next_retry_in_ms(t0 + 20ms) == 30);

  BOOST_TEST(r.on_failure(t0, down("x"), 0.5).count() == 100);  // ceiling 200 ms
  BOOST_TEST((r.state() == link_state::reconnecting));
  BOOST_TEST(r.on_failure(t0, down("y"), 0.5).count() == 200);  // ceiling 400 ms
  BOOST_TEST((r.state() == link_state::down));
  BOOST_TEST(r.failures() == 3);
  BOOST_TEST(*r.last_error() == "y");
  BOOST_TEST((r.last_cause() == failure_cause::connection_lost));
  for (int i = 0; i < 10; ++i)
    r.on_failure(t0, down("z"), 0.999);
  BOOST_TEST(r.on_failure(t0, down("z"), 0.999).count() <= 1000);  // capped
}

BOOST_AUTO_TEST_CASE(success_resets_but_keeps_the_last_error) {
  storage::reconnect_state r({5, 100ms, 1000ms});
  const auto t0 = storage::reconnect_state::clock::now();
  r.on_failure(t0, down("boom"), 0.9);
  r.on_success();
  BOOST_TEST((r.state() == link_state::up));
  BOOST_TEST(r.failures() == 0);
  BOOST_TEST(r.may_attempt(t0));
  BOOST_TEST(*r.last_error() == "boom");
  BOOST_TEST((r.last_cause() == failure_cause::connection_lost));
  BOOST_TEST(r.on_failure(t0, down("again"), 0.5).count() == 50);  // back to the first ceiling
}

BOOST_AUTO_TEST_SUITE_END()
