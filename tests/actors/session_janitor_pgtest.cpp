// The session janitor's purge on a real PostgreSQL pool (scratch schema) and the real session
// repository: expired sessions go, live ones stay. The janitor's timing (first purge, period,
// retries) runs on CAF's deterministic scheduler in timers_actortest.cpp.
#include <boost/test/unit_test.hpp>

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
  actors::pg_pool_actor pool;
  caf::actor janitor;
  session_repository_actor sessions;

  janitor_fixture() {
    pool = spawn_pg_pool(sys, schema.pool_settings(1, 0));
    sessions = sys.spawn(session_repository, pg_route{pool, 3000ms});
  }
  ~janitor_fixture() {
    for (const auto& a : {janitor, caf::actor_cast<caf::actor>(sessions), caf::actor_cast<caf::actor>(pool)})
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

}  // namespace

BOOST_FIXTURE_TEST_SUITE(session_janitor_pg, janitor_fixture)

BOOST_AUTO_TEST_CASE(the_purge_the_janitor_asks_for_deletes_expired_sessions_and_keeps_live_ones) {
  auto u = storage::create_user(*c, {"janitor@example.com", "hash", "Janitor", "user", true});
  BOOST_REQUIRE(u.is_ok());
  session_expiring_in(u->id, -10s);
  session_expiring_in(u->id, -1s);
  const auto live = session_expiring_in(u->id, 3600s);
  BOOST_REQUIRE_EQUAL(session_rows(), 3);

  // The janitor's purge, asked directly: when and how often it is asked (first, period, a
  // failed or silent purge) is tested on CAF's deterministic scheduler (timers_actortest.cpp).
  auto purged = test_env::ask<int64_t>(self, sessions, 5s, purge_atom::value);
  BOOST_REQUIRE_MESSAGE(purged.is_ok(), purged.get_status().to_string());
  BOOST_TEST(purged.value() == 2);
  BOOST_TEST(session_rows() == 1);
  auto sessions_left = storage::list_active_sessions(*c, u->id);
  BOOST_REQUIRE(sessions_left.is_ok());
  BOOST_REQUIRE_EQUAL(sessions_left->size(), 1u);
  BOOST_TEST(sessions_left->front().id == live);
}

BOOST_AUTO_TEST_SUITE_END()
