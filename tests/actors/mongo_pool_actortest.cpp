// The MongoDB pool actor with fake workers on CAF's deterministic scheduler: no server, no
// thread, no wall clock. Saturation seen by the health check, queue full, the queue's
// deadline, a crashed worker, an unreachable server probed with backoff (jitter within
// [0, cap], one ping per step) until it is back.
#include <algorithm>
#include <vector>

#include "actors/messages.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/pool_stats.hpp"
#include "actors/worker_outcome.hpp"
#include "support/fake_pool_fixture.hpp"

using namespace std::chrono_literals;
using namespace actors;  // the pool, its requests and stats
using storage::code;

namespace {

storage::mongo_settings small_pool(int size, int max_queue = 4) {
  storage::mongo_settings s;
  s.max_pool_size = size;
  s.min_pool_size = 1;
  s.max_queue = max_queue;
  s.wait_queue_timeout = 2000ms;
  s.retry.startup_attempts = 2;
  s.retry.backoff_initial = 100ms;
  s.retry.backoff_cap = 1000ms;
  return s;
}

// A request the fake answers through answer_ok (the task itself never runs).
mongo_request job(std::chrono::milliseconds budget = 2000ms) {
  return mongo_request{[](storage::mongo_context&) { return storage::status::ok(); }, budget, actors::answer_ok()};
}

struct fake_pool : test_env::fake_pool_fixture {
  caf::actor spawn(const storage::mongo_settings& s) {
    // The dynamic view: the cases ask for the answer's type, which the handle does not state.
    auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_mongo_pool(sys, s, store.factory())));
    sched.run();  // the first probe (a ping on the prober) and the warm-up
    return pool;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_pool_fakes, fake_pool)

BOOST_AUTO_TEST_CASE(a_saturated_pool_says_warn_and_its_gauges_follow_the_load) {
  auto pool = spawn(small_pool(2));
  BOOST_TEST(stats(pool).state == "up");
  BOOST_TEST(check(pool).status == "pass");
  store.hold(true);
  std::vector<test_env::reply<ok_atom>> pending;
  for (int i = 0; i < 3; ++i)
    pending.push_back(ask<ok_atom>(pool, job()));
  sched.run();
  auto load = stats(pool);
  BOOST_TEST(load.in_use == 2);
  BOOST_TEST(load.waiting == 1);
  auto busy = check(pool);  // the prober is not held: the ping answers, the pool is saturated
  BOOST_TEST(busy.status == "warn");
  BOOST_TEST(busy.pool.idle == 0);
  BOOST_TEST(busy.pool.waiting == 1);
  store.release();
  sched.run();
  for (auto& r : pending)
    BOOST_TEST(r.ok());
  auto calm = stats(pool);
  BOOST_TEST(calm.in_use == 0);
  BOOST_TEST(calm.waiting == 0);
  BOOST_TEST(calm.acquired == 3u);
  BOOST_TEST(check(pool).status == "pass");
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_overloaded_at_once) {
  auto pool = spawn(small_pool(1, 1));
  store.hold(true);
  auto first = ask<ok_atom>(pool, job());
  auto queued = ask<ok_atom>(pool, job());  // the one queue place
  auto refused = ask<ok_atom>(pool, job());
  sched.run();
  BOOST_TEST((refused.code() == code::overloaded), refused.status().to_string());
  BOOST_TEST(!first.arrived());
  BOOST_TEST(!queued.arrived());
  BOOST_TEST(stats(pool).overloaded == 1u);
  store.release();
  sched.run();
  BOOST_TEST(first.ok());
  BOOST_TEST(queued.ok());  // the queued one ran once the worker came back
  BOOST_TEST(store.jobs() == 2);
}

BOOST_AUTO_TEST_CASE(a_queued_request_times_out_exactly_at_the_wait_queue_timeout) {
  auto s = small_pool(1);
  s.wait_queue_timeout = 20ms;
  auto pool = spawn(s);
  store.hold(true);
  auto first = ask<ok_atom>(pool, job());
  auto queued = ask<ok_atom>(pool, job());
  sched.run();
  advance(19ms);
  BOOST_TEST(!queued.arrived());
  advance(1ms);
  BOOST_TEST((queued.code() == code::timeout), queued.status().to_string());
  auto st = stats(pool);
  BOOST_TEST(st.timeouts == 1u);
  BOOST_TEST(st.waiting == 0);
  store.release();
  sched.run();
  BOOST_TEST(first.ok());
  BOOST_TEST(store.jobs() == 1);  // the timed-out request never reached a worker
}

BOOST_AUTO_TEST_CASE(a_worker_that_crashes_mid_job_is_replaced) {
  auto pool = spawn(small_pool(1));
  const int before = store.spawned();  // the worker and the prober
  store.crash_next_job();
  auto lost = ask_within<ok_atom>(300ms, pool, job());
  sched.run();
  BOOST_TEST(!lost.arrived(), "nobody answers a crashed job");
  auto st = stats(pool);
  BOOST_TEST(st.broken == 1u);
  BOOST_TEST(st.idle == 1);
  BOOST_TEST(store.spawned() == before + 1);
  advance(300ms);
  BOOST_TEST((lost.code() == code::timeout), lost.status().to_string());
  BOOST_TEST(call<ok_atom>(pool, job()).is_ok());
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_fails_requests_fast_and_is_probed_under_the_cap_until_it_is_back) {
  store.fail_pings(1000, storage::status::unavailable("no server").because(storage::failure_cause::server_unavailable));
  auto pool = spawn(small_pool(2));
  BOOST_TEST(store.pings() == 1);
  BOOST_TEST(stats(pool).state == "reconnecting");
  auto refused = call<ok_atom>(pool, job());
  BOOST_TEST((refused.get_status().error_code() == code::unavailable), refused.get_status().to_string());
  BOOST_TEST((refused.get_status().cause() == storage::failure_cause::server_unavailable));
  BOOST_TEST(store.jobs() == 0);  // refused by the pool, no worker asked
  auto health = check(pool);
  BOOST_TEST(health.status == "fail");
  BOOST_TEST((health.pool.last_cause == storage::failure_cause::server_unavailable));
  // One ping exactly when each delay ends; every delay within [0, 1 s] although the doubling
  // ceiling (100 ms · 2^n) passes 1 s at the 5th failure (see the PostgreSQL pool's case).
  std::vector<long long> delays;
  for (int i = 0; i < 12; ++i) {
    auto st = stats(pool);
    BOOST_REQUIRE(st.next_retry_in_ms.has_value());
    const auto d = *st.next_retry_in_ms;
    delays.push_back(d);
    BOOST_TEST(d >= 0);
    BOOST_TEST(d <= 1000, "probe " << i << " in " << d << " ms: past the backoff cap");
    const int before = store.pings();
    if (d > 0) {
      advance(std::chrono::milliseconds{d - 1});
      BOOST_TEST(store.pings() == before);
    }
    advance(d > 0 ? 1ms : 0ms);
    BOOST_TEST(store.pings() == before + 1);
    if (i == 0)
      BOOST_TEST(stats(pool).state == "down", "down after startup_attempts (2) failures");
  }
  BOOST_TEST(std::count(delays.begin(), delays.end(), delays.front()) < static_cast<long>(delays.size()),
             "jittered: the delays differ");
  store.fail_pings(0, storage::status::ok());
  advance(std::chrono::milliseconds{*stats(pool).next_retry_in_ms});
  BOOST_TEST(stats(pool).state == "up");
  BOOST_TEST(call<ok_atom>(pool, job()).is_ok());
  BOOST_TEST(check(pool).status == "pass");
  BOOST_TEST(stats(pool).reconnects >= 13u);
}

BOOST_AUTO_TEST_SUITE_END()
