// The PostgreSQL pool actor with fake workers on CAF's deterministic scheduler: no server, no
// thread, no wall clock. Admission, the queue's deadlines, overflow and its idle close,
// recycling, validation, the reconnection backoff (jitter within [0, cap], one probe at a
// time), give-up to `down`, a crashed worker, a request without an answer.
#include <algorithm>
#include <vector>

#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"
#include "actors/pool_stats.hpp"
#include "actors/worker_outcome.hpp"
#include "support/fake_pool_fixture.hpp"

using namespace std::chrono_literals;
using namespace actors;  // the pool, its requests and stats
using storage::code;

namespace {

storage::pg_settings small_pool(int size, int overflow = 0, int max_queue = 4) {
  storage::pg_settings s;
  s.url = "postgresql://nobody@127.0.0.1:1/none";  // never dialled: the workers are fakes
  s.pool_size = size;
  s.max_overflow = overflow;
  s.max_queue = max_queue;
  s.max_connecting = 4;
  s.acquire_timeout = 2000ms;
  s.pre_ping = false;
  s.recycle_jitter = 0;
  s.retry.startup_attempts = 2;
  s.retry.backoff_initial = 100ms;
  s.retry.backoff_cap = 1000ms;
  return s;
}

// A request the fake answers through answer_ok (the task itself never runs).
pg_request job(std::chrono::milliseconds budget = 2000ms) {
  return pg_request{[](storage::pg_connection&) { return storage::status::ok(); }, budget, false, actors::answer_ok()};
}

struct fake_pool : test_env::fake_pool_fixture {
  caf::actor spawn(const storage::pg_settings& s) {
    // The dynamic view: the cases ask for the answer's type, which the handle does not state.
    auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, s, store.factory())));
    sched.run();  // opens the base size: connects, answered by the fakes
    return pool;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pg_pool_fakes, fake_pool)

BOOST_AUTO_TEST_CASE(runs_a_request_on_a_worker_that_answers_the_caller_then_reports_to_the_pool) {
  auto pool = spawn(small_pool(2));
  BOOST_TEST(store.spawned() == 2);
  BOOST_TEST(store.connects() == 2);
  BOOST_TEST(stats(pool).idle == 2);
  auto r = ask<ok_atom>(pool, job());
  expect((pg_request), from(r.client()).to(pool));
  // Delegated: the worker sees the caller as the sender, not the pool; no validation asked.
  auto worker = scheduled_worker();
  expect((run_atom, pg_request, bool, caf::actor, caf::actor_id), from(r.client()).to(worker).with(_, _, false, pool, _));
  expect((ok_atom), from(worker).to(r.client()));
  expect((done_atom, caf::actor_id, worker_outcome), from(worker).to(pool));
  BOOST_TEST(r.ok());
  auto st = stats(pool);
  BOOST_TEST(st.acquired == 1u);
  BOOST_TEST(st.idle == 2);
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_overloaded_at_once) {
  auto pool = spawn(small_pool(1, 0, 1));
  store.hold(true);
  auto first = ask<ok_atom>(pool, job());  // takes the one connection
  sched.run();
  BOOST_TEST(store.held() == 1);
  auto second = ask<ok_atom>(pool, job());  // waits in the queue (max_queue 1)
  sched.run();
  BOOST_TEST(stats(pool).waiting == 1);
  auto third = ask<ok_atom>(pool, job());
  sched.run();
  BOOST_TEST((third.code() == code::overloaded), third.status().to_string());
  BOOST_TEST(!first.arrived());
  BOOST_TEST(!second.arrived());
  BOOST_TEST(stats(pool).overloaded == 1u);
  store.release();
  sched.run();
  BOOST_TEST(first.ok());
  BOOST_TEST(second.ok());  // the queued one ran once the connection came back
  BOOST_TEST(store.jobs() == 2);
}

BOOST_AUTO_TEST_CASE(a_queued_request_times_out_exactly_at_its_acquire_timeout) {
  auto s = small_pool(1);
  s.acquire_timeout = 20ms;
  auto pool = spawn(s);
  store.hold(true);
  auto first = ask<ok_atom>(pool, job());
  auto queued = ask<ok_atom>(pool, job());
  sched.run();
  BOOST_TEST(stats(pool).waiting == 1);
  advance(19ms);
  BOOST_TEST(!queued.arrived(), "still waiting 1 ms before its acquire timeout");
  advance(1ms);
  BOOST_TEST((queued.code() == code::timeout), queued.status().to_string());
  auto st = stats(pool);
  BOOST_TEST(st.timeouts == 1u);
  BOOST_TEST(st.waiting == 0);
  BOOST_TEST(store.jobs() == 1);  // the timed-out request never reached a worker
  store.release();
  sched.run();
  BOOST_TEST(first.ok());
}

BOOST_AUTO_TEST_CASE(a_budget_shorter_than_the_acquire_timeout_ends_the_wait) {
  auto pool = spawn(small_pool(1));  // acquire timeout 2 s
  store.hold(true);
  auto first = ask<ok_atom>(pool, job());
  auto queued = ask<ok_atom>(pool, job(50ms));
  sched.run();
  advance(49ms);
  BOOST_TEST(!queued.arrived());
  advance(1ms);
  BOOST_TEST((queued.code() == code::timeout), queued.status().to_string());
  store.release();
  sched.run();
}

BOOST_AUTO_TEST_CASE(overflow_opens_for_waiting_requests_and_closes_after_its_idle_time) {
  auto s = small_pool(1, 1);
  s.overflow_idle = 3s;
  auto pool = spawn(s);
  store.hold(true);
  auto first = ask<ok_atom>(pool, job());
  auto second = ask<ok_atom>(pool, job());  // queued: the pool opens one overflow connection for it
  sched.run();
  BOOST_TEST(store.connects() == 2);
  BOOST_TEST(store.held() == 2, "the overflow connection took the queued request");
  auto third = ask<ok_atom>(pool, job());  // at max (2): waits, opens nothing
  sched.run();
  BOOST_TEST(store.connects() == 2);
  BOOST_TEST(stats(pool).waiting == 1);
  store.release();
  sched.run();
  BOOST_TEST(first.ok());
  BOOST_TEST(second.ok());
  BOOST_TEST(third.ok());
  BOOST_TEST(stats(pool).size == 2);
  // Maintenance runs every second: after 3 s idle the surplus connection closes, the base stays.
  advance(2s);
  BOOST_TEST(stats(pool).size == 2);
  advance(2s);
  auto st = stats(pool);
  BOOST_TEST(st.size == 1);
  BOOST_TEST(store.connects() == 2, "no connection was opened to replace the surplus");
}

BOOST_AUTO_TEST_CASE(a_connection_past_its_lifetime_is_replaced) {
  auto s = small_pool(1);
  s.recycle = 10s;  // no jitter: exactly 10 s
  auto pool = spawn(s);
  BOOST_TEST(store.connects() == 1);
  advance(9s);
  BOOST_TEST(store.connects() == 1);
  advance(1s);  // the tick at 10 s finds it expired: closed, and a fresh one opened for the base
  BOOST_TEST(store.connects() == 2);
  auto st = stats(pool);
  BOOST_TEST(st.size == 1);
  BOOST_TEST(st.idle == 1);
  BOOST_TEST(call<ok_atom>(pool, job()).is_ok());
}

BOOST_AUTO_TEST_CASE(a_connection_idle_past_pre_ping_idle_is_validated_before_use) {
  auto s = small_pool(1);
  s.pre_ping = true;
  s.pre_ping_idle = 500ms;
  auto pool = spawn(s);
  advance(400ms);
  auto fresh = ask<ok_atom>(pool, job());
  expect((pg_request), from(fresh.client()).to(pool));
  expect((run_atom, pg_request, bool, caf::actor, caf::actor_id), from(fresh.client()).to(scheduled_worker()).with(_, _, false, pool, _));
  sched.run();
  BOOST_TEST(fresh.ok());
  advance(500ms);
  auto idle = ask<ok_atom>(pool, job());
  expect((pg_request), from(idle.client()).to(pool));
  expect((run_atom, pg_request, bool, caf::actor, caf::actor_id), from(idle.client()).to(scheduled_worker()).with(_, _, true, pool, _));
  sched.run();
  BOOST_TEST(idle.ok());
}

BOOST_AUTO_TEST_CASE(a_worker_that_crashes_mid_job_is_replaced_and_its_caller_ends_its_own_wait) {
  auto pool = spawn(small_pool(1));
  store.crash_next_job();
  auto lost = ask_within<ok_atom>(300ms, pool, job());
  sched.run();
  BOOST_TEST(!lost.arrived(), "nobody answers a crashed job");
  auto st = stats(pool);
  BOOST_TEST(st.broken == 1u);
  BOOST_TEST(st.idle == 1);
  BOOST_TEST(store.spawned() == 2);  // a fresh worker took the crashed one's place
  advance(300ms);
  BOOST_TEST((lost.code() == code::timeout), lost.status().to_string());
  BOOST_TEST(call<ok_atom>(pool, job()).is_ok());
}

BOOST_AUTO_TEST_CASE(a_refusing_store_is_probed_one_connect_at_a_time_with_jitter_under_the_cap_until_it_is_back) {
  store.fail_connects(1000, storage::status::unavailable("refused").because(storage::failure_cause::connection_refused));
  auto pool = spawn(small_pool(3));
  // The base size at once (3 connects), all refused: `down` after startup_attempts (2).
  BOOST_TEST(store.connects() == 3);
  auto down = stats(pool);
  BOOST_TEST(down.state == "down");
  BOOST_TEST((down.last_cause == storage::failure_cause::connection_refused));
  BOOST_TEST(down.size == 0);
  auto refused = call<ok_atom>(pool, job());
  BOOST_TEST((refused.get_status().error_code() == code::unavailable), refused.get_status().to_string());
  BOOST_TEST((refused.get_status().cause() == storage::failure_cause::connection_refused));
  BOOST_TEST(store.jobs() == 0);
  // Each retry comes exactly when its delay ends, with one connect. The ceiling doubles from
  // 100 ms; from the 5th failure on it would be 1.6 s, 3.2 s, ... 51 s without the 1 s cap, so
  // a missing cap shows as a delay over 1000 ms (the chance that 6 uncapped delays all fall
  // under 1 s is below 1e-5).
  std::vector<long long> delays;
  for (int i = 0; i < 12; ++i) {
    auto st = stats(pool);
    BOOST_REQUIRE(st.next_retry_in_ms.has_value());
    const auto d = *st.next_retry_in_ms;
    delays.push_back(d);
    BOOST_TEST(d >= 0);
    BOOST_TEST(d <= 1000, "retry " << i << " in " << d << " ms: past the backoff cap");
    const int before = store.connects();
    if (d > 0) {
      advance(std::chrono::milliseconds{d - 1});
      BOOST_TEST(store.connects() == before, "no connect before the delay ends");
    }
    advance(d > 0 ? 1ms : 0ms);
    BOOST_TEST(store.connects() == before + 1, "one probe, not " << store.connects() - before);
  }
  BOOST_TEST(std::count(delays.begin(), delays.end(), delays.front()) < static_cast<long>(delays.size()),
             "jittered: the delays differ");
  // The store comes back: the next probe succeeds and the pool refills to its base size.
  store.fail_connects(0, storage::status::ok());
  advance(std::chrono::milliseconds{*stats(pool).next_retry_in_ms});
  auto up = stats(pool);
  BOOST_TEST(up.state == "up");
  BOOST_TEST(up.size == 3);
  BOOST_TEST(up.reconnects >= 12u);
  BOOST_TEST(!up.next_retry_in_ms.has_value());
  BOOST_TEST(call<ok_atom>(pool, job()).is_ok());
}

BOOST_AUTO_TEST_CASE(a_request_without_an_answer_is_refused) {
  auto pool = spawn(small_pool(1));
  auto req = job();
  req.answer = nullptr;
  auto r = call<ok_atom>(pool, std::move(req));
  BOOST_TEST((r.get_status().error_code() == code::internal), r.get_status().to_string());
  BOOST_TEST(store.jobs() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
