// The PostgreSQL pool actor with fake workers (tests/support/fake_workers.hpp): no server runs.
// Queue full, deadline in the queue, a crashed worker, the reconnection backoff, a request
// without an answer. Each case takes milliseconds.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"
#include "actors/pool_stats.hpp"
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
  s.retry.startup_attempts = 2;
  s.retry.backoff_initial = 5ms;
  s.retry.backoff_cap = 20ms;
  return s;
}

// A request the fake answers through answer_ok (the task itself never runs).
pg_request job(std::chrono::milliseconds budget = 2000ms) {
  return pg_request{[](storage::pg_connection&) { return storage::status::ok(); }, budget, false, actors::answer_ok()};
}

struct fake_pool : test_env::fake_pool_fixture {
  caf::actor spawn(const storage::pg_settings& s) { return own(actors::spawn_pg_pool(sys, s, store.factory())); }
  storage::result<ok_atom> run(const caf::actor& pool, pg_request req = job(), std::chrono::milliseconds wait = 2s) {
    return test_env::ask<ok_atom>(self, pool, wait, std::move(req));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pg_pool_fakes, fake_pool)

BOOST_AUTO_TEST_CASE(opens_its_base_size_and_runs_a_request_on_a_worker) {
  auto pool = spawn(small_pool(2));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.size == 2 && s.idle == 2; }));
  BOOST_TEST(store.spawned() == 2);
  BOOST_TEST(run(pool).is_ok());
  BOOST_TEST(store.jobs() == 1);
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.idle == 2; }));
  BOOST_TEST(stats(pool).acquired == 1u);
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_overloaded_at_once) {
  auto pool = spawn(small_pool(1, 0, 1));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.idle == 1; }));
  store.hold(true);
  auto first = self->request(pool, 2s, job());   // takes the one connection
  BOOST_REQUIRE(test_env::fake_store::eventually([&] { return store.held() == 1; }));
  auto second = self->request(pool, 2s, job());  // waits in the queue (max_queue 1)
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.waiting == 1; }));
  auto third = run(pool);
  BOOST_REQUIRE(!third.is_ok());
  BOOST_TEST((third.get_status().error_code() == code::overloaded), third.get_status().to_string());
  BOOST_TEST(stats(pool).overloaded == 1u);
  store.release();
  BOOST_TEST(test_env::answer_of(first).is_ok());
  BOOST_TEST(test_env::answer_of(second).is_ok());  // the queued one ran once the connection came back
}

BOOST_AUTO_TEST_CASE(a_request_whose_wait_ends_in_the_queue_times_out) {
  auto s = small_pool(1);
  s.acquire_timeout = 20ms;
  auto pool = spawn(s);
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& st) { return st.idle == 1; }));
  store.hold(true);
  auto first = self->request(pool, 2s, job());
  BOOST_REQUIRE(test_env::fake_store::eventually([&] { return store.held() == 1; }));
  auto queued = run(pool);  // the connection stays held: the 20 ms acquire timeout ends the wait
  BOOST_REQUIRE(!queued.is_ok());
  BOOST_TEST((queued.get_status().error_code() == code::timeout), queued.get_status().to_string());
  auto st = stats(pool);
  BOOST_TEST(st.timeouts == 1u);
  BOOST_TEST(st.waiting == 0);
  BOOST_TEST(store.jobs() == 1);  // the timed-out request never reached a worker
  store.release();
  BOOST_TEST(test_env::answer_of(first).is_ok());
}

BOOST_AUTO_TEST_CASE(a_worker_that_crashes_mid_job_is_replaced) {
  auto pool = spawn(small_pool(1));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.idle == 1; }));
  store.crash_next_job();
  auto lost = run(pool, job(), 300ms);  // nobody answers a crashed job: the caller's deadline does
  BOOST_REQUIRE(!lost.is_ok());
  BOOST_TEST((lost.get_status().error_code() == code::timeout), lost.get_status().to_string());
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.broken == 1u && s.idle == 1; }));
  BOOST_TEST(store.spawned() == 2);  // a fresh worker took the crashed one's place
  BOOST_TEST(run(pool).is_ok());
}

BOOST_AUTO_TEST_CASE(a_store_that_refuses_connects_is_probed_one_connect_at_a_time_until_it_is_back) {
  store.fail_connects(1000, storage::status::unavailable("refused").because(storage::failure_cause::connection_refused));
  store.connect_delay(3ms);
  auto pool = spawn(small_pool(3));
  // Down after startup_attempts (2) failures; requests fail fast with the cause meanwhile.
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.state == "down"; }));
  auto refused = run(pool);
  BOOST_REQUIRE(!refused.is_ok());
  BOOST_TEST((refused.get_status().error_code() == code::unavailable), refused.get_status().to_string());
  BOOST_TEST((refused.get_status().cause() == storage::failure_cause::connection_refused));
  auto down = stats(pool);
  BOOST_TEST((down.last_cause == storage::failure_cause::connection_refused));
  BOOST_TEST(down.size == 0);
  if (down.next_retry_in_ms)
    BOOST_TEST(*down.next_retry_in_ms <= 20);  // never past the backoff cap
  // After the first failures the pool probes with one connect at a time, not three at once.
  store.reset_peak();
  const int before = store.connects();
  BOOST_REQUIRE(test_env::fake_store::eventually([&] { return store.connects() >= before + 3; }));
  BOOST_TEST(store.peak_connecting() <= 1);
  // The store comes back: the next probe succeeds and the pool refills to its base size.
  store.fail_connects(0, storage::status::ok());
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.state == "up" && s.size == 3; }));
  auto up = stats(pool);
  BOOST_TEST(up.reconnects >= 3u);
  BOOST_TEST(!up.next_retry_in_ms.has_value());
  BOOST_TEST(run(pool).is_ok());
}

BOOST_AUTO_TEST_CASE(a_request_without_an_answer_is_refused) {
  auto pool = spawn(small_pool(1));
  BOOST_REQUIRE(eventually(pool, [](const pool_stats& s) { return s.idle == 1; }));
  auto req = job();
  req.answer = nullptr;
  auto r = run(pool, std::move(req));
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST((r.get_status().error_code() == code::internal), r.get_status().to_string());
  BOOST_TEST(store.jobs() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
