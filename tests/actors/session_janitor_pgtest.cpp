// The session janitor on a real PostgreSQL pool (scratch schema) and the real session
// repository: expired sessions go, live ones stay; and a purge that fails is tried again.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"
#include "actors/session_janitor.hpp"
#include "actors/session_repository.hpp"
#include "storage/common/time_format.hpp"
#include "storage/crypto/session_token.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/actor_fixture.hpp"
#include "support/pg_scratch.hpp"

using namespace std::chrono_literals;
using namespace actors;

namespace {

struct janitor_fixture : test_env::actor_fixture {
  pg_test::scratch_schema schema;
  std::unique_ptr<storage::pg_connection> c = schema.connect();
  caf::actor pool, janitor;
  session_repository_actor sessions;

  janitor_fixture() {
    pool = spawn_pg_pool(sys, schema.pool_settings(1, 0));
    sessions = sys.spawn(session_repository, pg_route{pool, 3000ms});
  }
  ~janitor_fixture() {
    for (const auto& a : {janitor, caf::actor_cast<caf::actor>(sessions), pool})
      if (a)
        self->send_exit(a, caf::exit_reason::user_shutdown);
  }

  std::string session_expiring_in(const std::string& user_id, std::chrono::seconds from_now) {
    const auto expires = storage::now_micros() + std::chrono::duration_cast<std::chrono::microseconds>(from_now).count();
    auto s = storage::create_session(*c, user_id, storage::token_hash_hex(storage::new_session_token()), expires);
    BOOST_REQUIRE_MESSAGE(s.is_ok(), s.get_status().to_string());
    return s->id;
  }

  int64_t session_rows() {
    const storage::pg_statement count{"janitor_test_count", "SELECT count(*) FROM user_sessions", 0};
    auto r = c->exec(count, {});
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return std::stoll(std::string(r->get(0, 0)));
  }
};

// Stands in for the session repository, behind the janitor's interface: fails the first
// `failures` purges, then answers 0.
session_purger_actor::behavior_type flaky_sessions(session_purger_actor::pointer, std::shared_ptr<std::atomic<int>> calls,
                                                   int failures) {
  return {
      [=](purge_atom) -> caf::result<int64_t> {
        if (++*calls <= failures)
          return to_error(storage::status::unavailable("postgresql is down"));
        return int64_t{0};
      },
  };
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(session_janitor_pg, janitor_fixture)

BOOST_AUTO_TEST_CASE(expired_sessions_are_purged_and_live_ones_stay) {
  auto u = storage::create_user(*c, {"janitor@example.com", "hash", "Janitor", "user", true});
  BOOST_REQUIRE(u.is_ok());
  session_expiring_in(u->id, -10s);
  session_expiring_in(u->id, -1s);
  const auto live = session_expiring_in(u->id, 3600s);
  BOOST_REQUIRE_EQUAL(session_rows(), 3);

  janitor = sys.spawn(session_janitor, sessions, janitor_settings{50ms, 100ms, 3000ms});
  int64_t rows = 3;
  for (auto until = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < until && rows != 1;) {
    std::this_thread::sleep_for(50ms);
    rows = session_rows();
  }
  BOOST_TEST(rows == 1, "the two expired sessions were not purged within 5 s");
  auto sessions_left = storage::list_active_sessions(*c, u->id);
  BOOST_REQUIRE(sessions_left.is_ok());
  BOOST_REQUIRE_EQUAL(sessions_left->size(), 1u);
  BOOST_TEST(sessions_left->front().id == live);
}

BOOST_AUTO_TEST_CASE(a_failed_purge_is_tried_again_at_the_next_tick) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto flaky = sys.spawn(flaky_sessions, calls, 2);
  janitor = sys.spawn(session_janitor, flaky, janitor_settings{10ms, 50ms, 1000ms});
  for (auto until = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < until && calls->load() < 4;)
    std::this_thread::sleep_for(20ms);
  BOOST_TEST(calls->load() >= 4, "purges tried: " << calls->load());  // two failures, then it went on
  self->send_exit(flaky, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
