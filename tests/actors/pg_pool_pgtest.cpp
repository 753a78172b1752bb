// The PostgreSQL pool actor driven through its messages against the real server.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"
#include "actors/pool_stats.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "support/actor_fixture.hpp"
#include "support/pool_stats_wait.hpp"
#include "support/stack_control.hpp"
#include "support/test_env.hpp"

using namespace std::chrono_literals;
using actors::ok_atom;
using actors::pg_request;
using actors::pool_stats;
using storage::code;

namespace {

// The application_name of this process's pool connections: the tests count and kill only
// their own, never those of a service or another test running beside them.
const std::string app_name = "p2p-pool-test-" + std::to_string(::getpid());

storage::pg_settings small_pool(int size, int overflow) {
  auto s = test_env::settings().postgres;
  s.url += (s.url.find('?') == std::string::npos ? "?" : "&") + std::string("application_name=") + app_name;
  s.pool_size = size;
  s.max_overflow = overflow;
  s.retry.backoff_initial = 100ms;
  s.retry.backoff_cap = 1000ms;
  return s;
}

pg_request sleep_request(double seconds, std::chrono::milliseconds budget) {
  const storage::pg_statement sleep{"test_sleep", "SELECT pg_sleep($1::float8)", 1};
  return pg_request{[seconds, sleep](storage::pg_connection& c) {
                      return c.exec(sleep, {std::to_string(seconds)}).get_status();
                    },
                    budget, false, actors::answer_ok()};
}

pg_request pid_request(std::shared_ptr<std::atomic<int>> pid) {
  const storage::pg_statement q{"test_pid", "SELECT pg_backend_pid()", 0};
  return pg_request{[pid, q](storage::pg_connection& c) {
                      auto r = c.exec(q, {});
                      if (r.is_ok())
                        pid->store(std::stoi(std::string(r->get(0, 0))));
                      return r.get_status();
                    },
                    2000ms, true, actors::answer_ok()};
}

// A direct connection for the test's own SQL (killing backends, counting connections).
std::unique_ptr<storage::pg_connection> admin() {
  auto c = storage::pg_connection::connect(test_env::pg_url(), 3000ms);
  BOOST_REQUIRE_MESSAGE(c.is_ok(), "PostgreSQL from the stack is required: " << c.get_status().to_string());
  return std::move(c.value());
}

int count_connections(storage::pg_connection& c) {
  const storage::pg_statement q{"test_count_conns",
                                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
                                "AND usename = current_user AND pid <> pg_backend_pid()",
                                1};
  auto r = c.exec(q, {app_name});
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  return std::stoi(std::string(r->get(0, 0)));
}

// Polls until this process's pool connections on the server number `n` (at most `limit`); the
// last count.
int wait_for_connections(storage::pg_connection& c, int n, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  int seen = count_connections(c);
  while (seen != n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(50ms);
    seen = count_connections(c);
  }
  return seen;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pg_pool, test_env::actor_fixture)

BOOST_AUTO_TEST_CASE(warms_to_its_base_size_and_runs_requests) {
  auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, small_pool(3, 2))));
  auto stats = test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& s) { return s.size == 3; });
  BOOST_TEST(stats.size == 3);
  BOOST_TEST(stats.max == 5);
  BOOST_TEST(stats.state == "up");
  auto pid = std::make_shared<std::atomic<int>>(0);
  auto r = test_env::ask<ok_atom>(self, pool, 3s, pid_request(pid));
  BOOST_TEST(r.is_ok(), r.get_status().to_string());
  BOOST_TEST(pid->load() > 0);
  BOOST_TEST(test_env::ask<pool_stats>(self, pool, 1s, actors::stats_atom::value)->acquired >= 1u);
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(exhaustion_gives_timeout_and_overloaded_rather_than_a_hang) {
  auto s = small_pool(1, 0);
  s.max_queue = 1;
  s.acquire_timeout = 300ms;
  auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, s)));
  test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& st) { return st.size == 1; });
  // Occupy the only connection, and wait until the pool says it is taken.
  caf::anon_send(pool, sleep_request(1.5, 4000ms));
  auto busy = test_env::wait_for_stats(self, pool, 1s, [](const pool_stats& st) { return st.in_use == 1; });
  BOOST_REQUIRE_EQUAL(busy.in_use, 1);
  auto t0 = std::chrono::steady_clock::now();
  std::optional<storage::status> queued, refused;
  // A plain send: the pool's answer arrives as an ordinary message, received below.
  self->send(pool, sleep_request(0.01, 4000ms));
  auto r = test_env::ask<ok_atom>(self, pool, 5s, sleep_request(0.01, 4000ms));
  refused = r.get_status();
  self->receive([&](ok_atom) { queued = storage::status::ok(); },
                [&](caf::error& e) { queued = test_env::status_of(e); });
  auto waited = std::chrono::steady_clock::now() - t0;
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST((refused->error_code() == code::overloaded), refused->to_string());
  BOOST_REQUIRE(queued.has_value());
  BOOST_TEST((queued->error_code() == code::timeout), queued->to_string());
  BOOST_TEST((waited < 1200ms));  // the acquire timeout, not the 1.5 s query
  auto stats = test_env::ask<pool_stats>(self, pool, 3s, actors::stats_atom::value).value();
  BOOST_TEST(stats.overloaded == 1u);
  BOOST_TEST(stats.timeouts == 1u);
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(overflow_opens_under_load_and_closes_when_idle) {
  auto s = small_pool(1, 3);
  s.overflow_idle = 1s;
  auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, s)));
  test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& st) { return st.size == 1; });
  for (int i = 0; i < 4; ++i)
    caf::anon_send(pool, sleep_request(0.7, 4000ms));
  auto busy = test_env::wait_for_stats(self, pool, 3s, [](const pool_stats& st) { return st.in_use == 4; });
  BOOST_TEST(busy.in_use == 4);
  BOOST_TEST(busy.size == 4);
  auto calm = test_env::wait_for_stats(self, pool, 6s, [](const pool_stats& st) { return st.size == 1 && st.in_use == 0; });
  BOOST_TEST(calm.size == 1);
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(statement_timeout_follows_the_callers_budget) {
  auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, small_pool(1, 0))));
  auto t0 = std::chrono::steady_clock::now();
  auto r = test_env::ask<ok_atom>(self, pool, 5s, sleep_request(5, 300ms));
  auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST((r.get_status().error_code() == code::timeout), r.get_status().to_string());
  BOOST_TEST((took < 2s));
  // The connection is still good afterwards.
  auto pid = std::make_shared<std::atomic<int>>(0);
  BOOST_TEST(test_env::ask<ok_atom>(self, pool, 3s, pid_request(pid)).is_ok());
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_killed_connection_is_replaced_and_the_next_request_succeeds) {
  auto s = small_pool(2, 0);
  s.pre_ping = false;  // prove the idempotent retry, not the pre-ping
  auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, s)));
  test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& st) { return st.size == 2; });
  auto conn = admin();
  // pg_terminate_backend in the select list, so it runs only on the rows the WHERE kept.
  const storage::pg_statement kill{"test_kill",
                                   "SELECT string_agg(pid::text, ','), bool_and(pg_terminate_backend(pid)) "
                                   "FROM pg_stat_activity WHERE application_name = $1 AND usename = current_user "
                                   "AND pid <> pg_backend_pid()",
                                   1};
  auto killed = conn->exec(kill, {app_name});
  BOOST_REQUIRE_MESSAGE(killed.is_ok(), killed.get_status().to_string());
  const std::string pids(killed->get(0, 0));
  BOOST_REQUIRE_MESSAGE(std::count(pids.begin(), pids.end(), ',') == 1, "both pool connections: " << pids);
  // pg_terminate_backend only signals: wait until both backends are gone.
  const storage::pg_statement alive{"test_alive",
                                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(string_to_array($1, ',')::int[])",
                                    1};
  const auto until = std::chrono::steady_clock::now() + 5s;
  auto still = [&] {
    auto r = conn->exec(alive, {pids});
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return std::string(r->get(0, 0)) != "0";
  };
  while (still() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(20ms);
  BOOST_REQUIRE_MESSAGE(!still(), "the terminated backends are still there after 5 s");
  for (int i = 0; i < 3; ++i) {
    auto pid = std::make_shared<std::atomic<int>>(0);
    auto r = test_env::ask<ok_atom>(self, pool, 5s, pid_request(pid));
    BOOST_TEST(r.is_ok(), "request " << i << ": " << r.get_status().to_string());
  }
  auto stats = test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& st) { return st.size == 2; });
  BOOST_TEST(stats.size == 2);
  BOOST_TEST(stats.reconnects + stats.broken >= 1u);
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(postgres_restarted_under_the_pool_recovers_without_leaks,
                     *boost::unit_test::label("stops_stores")) {
  auto conn = admin();
  BOOST_REQUIRE_EQUAL(wait_for_connections(*conn, 0, 5s), 0);  // earlier cases' pools are gone
  conn.reset();
  const int threads_before = test_env::thread_count();
  auto s = small_pool(3, 2);
  auto pool = own(caf::actor_cast<caf::actor>(actors::spawn_pg_pool(sys, s)));
  test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& st) { return st.size == 3; });
  // Whatever happens below, leave PostgreSQL running for the tests after this one.
  std::shared_ptr<void> restart_guard(nullptr, [&](void*) { test_env::stack("start postgres"); });
  BOOST_REQUIRE_EQUAL(test_env::stack("stop postgres"), 0);
  // While it is down, requests fail fast with `unavailable` (not a hang), and the pool says so.
  auto down = test_env::wait_for_stats(self, pool, 10s, [](const pool_stats& st) { return st.state != "up"; });
  BOOST_TEST(down.state != "up");
  auto t0 = std::chrono::steady_clock::now();
  auto pid = std::make_shared<std::atomic<int>>(0);
  auto failed = test_env::ask<ok_atom>(self, pool, 5s, pid_request(pid));
  BOOST_TEST((failed.get_status().error_code() == code::unavailable), failed.get_status().to_string());
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 3s));
  BOOST_REQUIRE_EQUAL(test_env::stack("start postgres"), 0);
  auto restarted = std::chrono::steady_clock::now();
  auto up = test_env::wait_for_stats(self, pool, s.retry.backoff_cap + 5s,
                     [](const pool_stats& st) { return st.state == "up" && st.size == 3; });
  BOOST_TEST(up.state == "up");
  BOOST_TEST(up.size == 3);
  BOOST_TEST((std::chrono::steady_clock::now() - restarted < s.retry.backoff_cap + 5s));
  BOOST_TEST(test_env::ask<ok_atom>(self, pool, 3s, pid_request(pid)).is_ok());
  // No leaks: exactly the pool's connections on the server, and the same threads as before
  // (each connection is one detached worker thread).
  conn = admin();
  BOOST_TEST(count_connections(*conn) == 3);
  BOOST_TEST(test_env::thread_count() <= threads_before + 3 + 1);
  self->send_exit(pool, caf::exit_reason::user_shutdown);
  BOOST_TEST(wait_for_connections(*conn, 0, 5s) == 0, "the pool's connections close when it exits");
}

BOOST_AUTO_TEST_SUITE_END()
