// The MongoDB pool actor driven through its messages against the real server (FerretDB from the
// stack): warm-up and health, a refused password, and FerretDB stopped and started under a
// live pool. Saturation, queueing and crashes are tested without a server in
// mongo_pool_test.cpp (fake workers).
#include <boost/test/unit_test.hpp>

#include <functional>
#include <thread>

#include "actors/messages.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/pool_stats.hpp"
#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/mongo_errors.hpp"
#include "support/actor_fixture.hpp"
#include "support/pool_stats_wait.hpp"
#include "support/stack_control.hpp"
#include "support/test_env.hpp"

using namespace std::chrono_literals;
using actors::mongo_request;
using actors::ok_atom;
using actors::pool_stats;
using actors::store_health;
using storage::code;
using clock_type = std::chrono::steady_clock;

namespace {

storage::mongo_settings small_pool(int size) {
  auto s = test_env::settings().mongodb;
  s.max_pool_size = size;
  s.min_pool_size = 1;
  s.retry.backoff_initial = 100ms;
  s.retry.backoff_cap = 1000ms;
  return s;
}

caf::actor spawn_pool(caf::actor_system& sys, const storage::mongo_settings& s) {
  auto clients = storage::mongo_client_pool::create(s);
  BOOST_REQUIRE_MESSAGE(clients.is_ok(), clients.get_status().to_string());
  // The dynamic view: the cases ask for the answer's type, which the handle does not state.
  return caf::actor_cast<caf::actor>(actors::spawn_mongo_pool(sys, std::move(clients.value())));
}

storage::status ping(storage::mongo_context& ctx) {
  auto cmd = storage::make_bson();
  bson_append_int32(cmd.get(), "ping", -1, 1);
  storage::bson_reply reply;
  return storage::run_command(ctx, cmd.get(), reply.get(), "ping");
}

// {ping: 1} on the worker's client.
mongo_request ping_request(std::chrono::milliseconds budget = 4000ms) { return {ping, budget, actors::answer_ok()}; }

store_health check(caf::scoped_actor& self, const caf::actor& pool) {
  auto r = test_env::ask<store_health>(self, pool, 3s, actors::check_atom::value);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), "check: " << r.get_status().to_string());
  return r.value();
}

double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_pool_actor, test_env::actor_fixture)

BOOST_AUTO_TEST_CASE(warms_and_answers_check_with_pass_and_a_latency) {
  auto pool = own(spawn_pool(sys, small_pool(3)));
  auto health = check(self, pool);
  BOOST_TEST(health.status == "pass");
  BOOST_REQUIRE(health.latency_ms.has_value());
  BOOST_TEST(*health.latency_ms > 0.0);
  BOOST_TEST(*health.latency_ms < 1000.0);
  BOOST_TEST(health.pool.state == "up");
  BOOST_TEST(health.pool.size == 3);
  BOOST_TEST(health.pool.max == 3);
  BOOST_TEST(!health.pool.last_error.has_value());
  BOOST_TEST(!health.pool.next_retry_in_ms.has_value());
  auto r = test_env::ask<ok_atom>(self, pool, 5s, ping_request());
  BOOST_TEST(r.is_ok(), r.get_status().to_string());
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(a_wrong_password_fails_clearly_and_fast) {
  const std::string secret = "definitely-not-the-password";
  auto s = small_pool(2);
  s.url = test_env::with_password(s.url, secret);
  auto pool = own(spawn_pool(sys, s));
  auto t0 = clock_type::now();
  auto r = test_env::ask<ok_atom>(self, pool, 10s, ping_request());
  const double took = seconds_since(t0);
  const auto& st = r.get_status();
  BOOST_TEST((st.error_code() == code::unavailable), st.to_string());
  BOOST_TEST((st.cause() == storage::failure_cause::auth_failed), st.to_string());
  BOOST_TEST(st.message().find(storage::auth_failed_prefix) != std::string::npos, st.message());
  BOOST_TEST(st.message().find(secret) == std::string::npos);
  BOOST_TEST(took < 5.0);
  auto health = check(self, pool);
  BOOST_TEST(health.status == "fail");
  BOOST_TEST(health.pool.state != "up");
  BOOST_TEST((health.pool.last_cause == storage::failure_cause::auth_failed),
             health.pool.last_error.value_or("(none)"));
  BOOST_TEST_MESSAGE("wrong password refused in " << took << " s: " << st.message());
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(ferretdb_stopped_and_started_under_a_live_pool, *boost::unit_test::label("stops_stores")) {
  auto s = small_pool(3);
  auto pool = own(spawn_pool(sys, s));
  BOOST_REQUIRE(check(self, pool).status == "pass");
  // Whatever happens below, leave FerretDB running for the tests after this one.
  std::shared_ptr<void> restart_guard(nullptr, [&](void*) { test_env::stack("start ferretdb"); });
  BOOST_REQUIRE_EQUAL(test_env::stack("stop ferretdb"), 0);

  // The first request finds the server gone: `unavailable`, within the server selection
  // timeout rather than mongoc's 30 s.
  auto t0 = clock_type::now();
  auto failed = test_env::ask<ok_atom>(self, pool, 10s, ping_request());
  const double first_fail = seconds_since(t0);
  BOOST_TEST((failed.get_status().error_code() == code::unavailable), failed.get_status().to_string());
  BOOST_TEST(first_fail < 5.0);
  auto down = test_env::wait_for_stats(self, pool, 5s, [](const pool_stats& st) { return st.state != "up"; });
  BOOST_TEST(down.state != "up");
  BOOST_TEST(down.last_error.has_value());
  BOOST_TEST(down.next_retry_in_ms.has_value());
  BOOST_TEST(down.reconnects >= 1u);
  // While it is down, requests and checks fail at once.
  t0 = clock_type::now();
  auto fast = test_env::ask<ok_atom>(self, pool, 10s, ping_request());
  const double fast_fail = seconds_since(t0);
  BOOST_TEST((fast.get_status().error_code() == code::unavailable), fast.get_status().to_string());
  BOOST_TEST(fast_fail < 0.5);
  BOOST_TEST(check(self, pool).status == "fail");
  // A pool started now has no connection to lose: its first request waits out server
  // selection (2 s), never mongoc's default 30 s.
  auto cold = own(spawn_pool(sys, s));
  t0 = clock_type::now();
  auto refused = test_env::ask<ok_atom>(self, cold, 10s, ping_request());
  const double cold_fail = seconds_since(t0);
  BOOST_TEST((refused.get_status().error_code() == code::unavailable), refused.get_status().to_string());
  BOOST_TEST(cold_fail < 5.0);
  self->send_exit(cold, caf::exit_reason::user_shutdown);

  BOOST_REQUIRE_EQUAL(test_env::stack("start ferretdb"), 0);
  auto restarted = clock_type::now();
  auto up = test_env::wait_for_stats(self, pool, s.retry.backoff_cap + 5s, [](const pool_stats& st) { return st.state == "up"; });
  const double recovery = seconds_since(restarted);
  BOOST_TEST(up.state == "up");
  BOOST_TEST(!up.next_retry_in_ms.has_value());
  BOOST_TEST(recovery < std::chrono::duration<double>(s.retry.backoff_cap + 5s).count());
  // The same pool actor serves again: no respawn.
  auto again = test_env::ask<ok_atom>(self, pool, 5s, ping_request());
  BOOST_TEST(again.is_ok(), again.get_status().to_string());
  BOOST_TEST(check(self, pool).status == "pass");
  BOOST_TEST_MESSAGE("FerretDB down: first request failed in " << first_fail << " s, the next in " << fast_fail
                                                               << " s, a fresh pool's first in " << cold_fail
                                                               << " s; pool up " << recovery << " s after the restart");
  self->send_exit(pool, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
