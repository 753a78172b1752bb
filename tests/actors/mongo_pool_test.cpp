// The MongoDB pool actor with fake workers (tests/support/fake_workers.hpp): no server runs.
// Saturation seen by the health check, queue full, deadline in the queue, a crashed worker,
// an unreachable server probed with backoff until it is back. Each case takes milliseconds.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "actors/messages.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/pool_stats.hpp"
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
  s.retry.backoff_initial = 5ms;
  s.retry.backoff_cap = 20ms;
  return s;
}

// A request the fake answers through answer_ok (the task itself never runs).
mongo_request job(std::chrono::milliseconds budget = 2000ms) {
  return mongo_request{[](storage::mongo_context&) { return storage::status::ok(); }, budget, actors::answer_ok()};
}

struct fake_pool : test_env::fake_pool_fixture {
  caf::actor spawn(const storage::mongo_settings& s) { return own(actors::spawn_mongo_pool(sys, s, store.factory())); }
  store_health check(const caf::actor& pool) {
    auto r = test_env::ask<store_health>(self, pool, 2s, actors::check_atom::value);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }
  storage::result<ok_atom> run(const caf::actor& pool, std::chrono::milliseconds wait = 2s) {
    return test_env::ask<ok_atom>(self, pool, wait, job());
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_pool_fakes, fake_pool)

BOOST_AUTO_TEST_CASE(a_saturated_pool_says_warn_and_its_gauges_follow_the_load) {
  auto pool = spawn(small_pool(2));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.state == "up"; }));
  BOOST_TEST(check(pool).status == "pass");
  store.hold(true);
  std::vector<decltype(self->request(pool, 2s, job()))> pending;
  for (int i = 0; i < 3; ++i)
    pending.push_back(self->request(pool, 2s, job()));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.in_use == 2 && s.waiting == 1; }));
  auto busy = check(pool);  // the prober is not held: the ping answers, the pool is saturated
  BOOST_TEST(busy.status == "warn");
  BOOST_TEST(busy.pool.idle == 0);
  BOOST_TEST(busy.pool.waiting == 1);
  store.release();
  for (auto& h : pending)
    BOOST_TEST(test_env::answer_of(h).is_ok());
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.in_use == 0 && s.waiting == 0; }));
  BOOST_TEST(stats(pool).acquired == 3u);
  BOOST_TEST(check(pool).status == "pass");
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_overloaded_at_once) {
  auto pool = spawn(small_pool(1, 1));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& st) { return st.state == "up"; }));
  store.hold(true);
  auto first = self->request(pool, 2s, job());
  BOOST_REQUIRE(test_env::fake_store::eventually([&] { return store.held() == 1; }));
  auto queued = self->request(pool, 2s, job());  // the one queue place
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& st) { return st.waiting == 1; }));
  auto refused = run(pool);
  BOOST_REQUIRE(!refused.is_ok());
  BOOST_TEST((refused.get_status().error_code() == code::overloaded), refused.get_status().to_string());
  BOOST_TEST(stats(pool).overloaded == 1u);
  store.release();
  BOOST_TEST(test_env::answer_of(first).is_ok());
  BOOST_TEST(test_env::answer_of(queued).is_ok());  // the queued one ran once the worker came back
  BOOST_TEST(store.jobs() == 2);
}

BOOST_AUTO_TEST_CASE(a_request_whose_wait_ends_in_the_queue_times_out) {
  auto s = small_pool(1);
  s.wait_queue_timeout = 20ms;
  auto pool = spawn(s);
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& st) { return st.state == "up"; }));
  store.hold(true);
  auto first = self->request(pool, 2s, job());
  BOOST_REQUIRE(test_env::fake_store::eventually([&] { return store.held() == 1; }));
  auto queued = run(pool);  // the worker stays held: the 20 ms wait ends in the queue
  BOOST_REQUIRE(!queued.is_ok());
  BOOST_TEST((queued.get_status().error_code() == code::timeout), queued.get_status().to_string());
  auto st = stats(pool);
  BOOST_TEST(st.timeouts == 1u);
  BOOST_TEST(st.waiting == 0);
  store.release();
  BOOST_TEST(test_env::answer_of(first).is_ok());
  BOOST_TEST(store.jobs() == 1);  // the timed-out request never reached a worker
}

BOOST_AUTO_TEST_CASE(a_worker_that_crashes_mid_job_is_replaced) {
  auto pool = spawn(small_pool(1));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.state == "up"; }));
  const int before = store.spawned();  // the worker and the prober
  store.crash_next_job();
  auto lost = run(pool, 300ms);
  BOOST_REQUIRE(!lost.is_ok());
  BOOST_TEST((lost.get_status().error_code() == code::timeout), lost.get_status().to_string());
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.broken == 1u && s.idle == 1; }));
  BOOST_TEST(store.spawned() == before + 1);
  BOOST_TEST(run(pool).is_ok());
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_fails_requests_fast_and_is_probed_until_it_is_back) {
  store.fail_pings(1000, storage::status::unavailable("no server").because(storage::failure_cause::server_unavailable));
  auto pool = spawn(small_pool(2));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.state == "down"; }));
  auto refused = run(pool);
  BOOST_REQUIRE(!refused.is_ok());
  BOOST_TEST((refused.get_status().error_code() == code::unavailable), refused.get_status().to_string());
  BOOST_TEST((refused.get_status().cause() == storage::failure_cause::server_unavailable));
  BOOST_TEST(store.jobs() == 0);  // refused by the pool, no worker asked
  auto health = check(pool);
  BOOST_TEST(health.status == "fail");
  BOOST_TEST((health.pool.last_cause == storage::failure_cause::server_unavailable));
  if (health.pool.next_retry_in_ms)
    BOOST_TEST(*health.pool.next_retry_in_ms <= 20);  // never past the backoff cap
  const int probes = store.pings();
  BOOST_REQUIRE(test_env::fake_store::eventually([&] { return store.pings() >= probes + 3; }));
  store.fail_pings(0, storage::status::ok());
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.state == "up"; }));
  BOOST_TEST(run(pool).is_ok());
  BOOST_TEST(check(pool).status == "pass");
  BOOST_TEST(stats(pool).reconnects >= 3u);
}

BOOST_AUTO_TEST_SUITE_END()
