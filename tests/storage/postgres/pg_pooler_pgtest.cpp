// Running behind a transaction pooler (PgBouncer 1.18 from the stack) and hearing revocations
// (LISTEN/NOTIFY): storage/postgres/pg_connection's unnamed protocol, its proxy detection, and the
// notifications of migration 0003, against the real servers.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "storage/common/time_format.hpp"
#include "storage/common/url.hpp"
#include "storage/crypto/session_token.hpp"
#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/revocation.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/fault_proxy.hpp"
#include "support/pg_scratch.hpp"
#include "support/test_env.hpp"

using namespace std::chrono_literals;
using storage::pg_protocol;

namespace {

std::unique_ptr<storage::pg_connection> open(const std::string& url, pg_protocol p) {
  auto c = storage::pg_connection::connect(url, 5000ms, p);
  BOOST_REQUIRE_MESSAGE(c.is_ok(), url.substr(0, url.find('@')) << ": " << c.get_status().to_string());
  return std::move(c.value());
}

// A one-column, one-row statement's text (SQL constants of the test itself).
std::string scalar(storage::pg_connection& c, const storage::pg_statement& st, const storage::pg_params& p = {}) {
  auto r = c.exec(st, p);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), st.name << ": " << r.get_status().to_string());
  BOOST_REQUIRE_EQUAL(r->rows(), 1);
  return std::string(r->get(0, 0));
}

constexpr storage::pg_statement prepared_count{"t_prepared_count", "SELECT count(*)::text FROM pg_prepared_statements", 0};
constexpr storage::pg_statement show_timeout{"t_show_timeout", "SELECT current_setting('statement_timeout')", 0};
constexpr storage::pg_statement sleep_ms{"t_sleep", "SELECT pg_sleep($1::int / 1000.0)::text", 1};
constexpr storage::pg_statement backend{"t_backend", "SELECT pg_backend_pid()::text", 0};
constexpr storage::pg_statement notify{"t_notify", "SELECT pg_notify('p2p_revocations', $1)::text", 1};

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_pooler)

BOOST_AUTO_TEST_CASE(unnamed_statements_prepare_nothing_and_timeouts_leave_no_session_state) {
  auto c = open(test_env::pg_url(), pg_protocol::unnamed);
  const auto before = scalar(*c, show_timeout);
  BOOST_REQUIRE(c->set_statement_timeout(300ms).is_ok());
  BOOST_TEST(scalar(*c, prepared_count) == "0", "an unnamed statement leaves no prepared statement behind");
  auto slow = c->exec(sleep_ms, {"2000"});
  BOOST_TEST(!slow.is_ok(), "the per-transaction timeout must cut a 2 s statement");
  BOOST_TEST((slow.get_status().error_code() == storage::code::timeout), slow.get_status().to_string());
  // The next statement still gets the local timeout, and the session's own setting never moved.
  BOOST_TEST(c->exec(sleep_ms, {"10"}).is_ok());
  auto plain = open(test_env::pg_url(), pg_protocol::unnamed);  // no timeout set on this one
  BOOST_TEST(scalar(*plain, show_timeout) == before);
  BOOST_TEST(scalar(*c, show_timeout) == "300ms", "inside the statement's transaction the timeout applies");
}

BOOST_AUTO_TEST_CASE(a_proxy_is_detected_and_a_direct_connection_is_not) {
  auto direct = open(test_env::pg_url(), pg_protocol::unnamed);
  BOOST_TEST((direct->behind_proxy() == std::optional<bool>(false)));
  auto url = storage::parse_url(test_env::pg_url()).value();
  test_env::fault_proxy proxy(url.port);
  auto via_proxy = open("postgresql://" + url.user + ":" + url.password + "@127.0.0.1:" +
                            std::to_string(proxy.port()) + "/" + url.database,
                        pg_protocol::unnamed);
  BOOST_TEST((via_proxy->behind_proxy() == std::optional<bool>(true)));
  auto via_pgbouncer = open(test_env::pgbouncer_url(), pg_protocol::unnamed);
  BOOST_TEST((via_pgbouncer->behind_proxy() == std::optional<bool>(true)));
}

BOOST_AUTO_TEST_CASE(through_pgbouncer_in_transaction_mode_concurrent_unnamed_statements_all_succeed) {
  // Eight clients, each its own PgBouncer connection, 200 statements each with a timeout: the
  // pooler hands their transactions to any of its server connections (the backend changes
  // under a client), which breaks named prepared statements but not these.
  std::atomic<int> failures{0}, moved{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i)
    clients.emplace_back([&] {
      auto c = storage::pg_connection::connect(test_env::pgbouncer_url(), 5000ms, pg_protocol::unnamed);
      if (!c.is_ok()) {
        ++failures;
        return;
      }
      std::string last;
      for (int k = 0; k < 200; ++k) {
        (void)c.value()->set_statement_timeout(2000ms);
        auto r = c.value()->exec(backend, {});
        if (!r.is_ok()) {
          ++failures;
          continue;
        }
        const std::string pid(r->get(0, 0));
        if (!last.empty() && pid != last)
          ++moved;
        last = pid;
      }
    });
  for (auto& t : clients)
    t.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(moved.load() > 0, "no client ever changed backend: the test did not go through a transaction pooler");
}

BOOST_AUTO_TEST_CASE(a_listening_connection_hears_notifications_within_a_second) {
  auto listener = open(test_env::pg_url(), pg_protocol::unnamed);
  BOOST_REQUIRE(listener->listen(storage::revocation_channel).is_ok());
  auto sender = open(test_env::pgbouncer_url(), pg_protocol::unnamed);  // NOTIFY works through the pooler
  const std::string payload = "t:" + std::string(64, 'a');
  const auto sent = std::chrono::steady_clock::now();
  (void)scalar(*sender, notify, {payload});
  std::vector<std::string> got;
  while (std::chrono::steady_clock::now() - sent < 1s && got.empty()) {
    auto r = listener->wait_notifications(100ms);
    BOOST_REQUIRE(r.is_ok());
    got = r.value();
  }
  BOOST_REQUIRE_EQUAL(got.size(), 1u);
  BOOST_TEST(got[0] == payload);
}

BOOST_AUTO_TEST_CASE(migration_0003_announces_revoked_sessions_and_changed_users_only) {
  pg_test::scratch_schema schema;
  auto c = schema.connect();
  auto listener = open(test_env::pg_url(), pg_protocol::unnamed);
  BOOST_REQUIRE(listener->listen(storage::revocation_channel).is_ok());
  auto user = storage::create_user(*c, {"notify-" + schema.name + "@example.com", "hash", "N", "user", true});
  BOOST_REQUIRE(user.is_ok());
  const auto live = storage::token_hash_hex(storage::new_session_token());
  const auto expired = storage::token_hash_hex(storage::new_session_token());
  BOOST_REQUIRE(storage::create_session(*c, user->id, live, storage::now_micros() + 3600LL * 1000000).is_ok());
  BOOST_REQUIRE(storage::create_session(*c, user->id, expired, storage::now_micros() - 1000000).is_ok());

  // Everything the listener hears about this test's user and tokens, within `wait`.
  auto heard = [&](std::chrono::milliseconds wait) {
    std::vector<std::string> mine;
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto r = listener->wait_notifications(50ms);
      BOOST_REQUIRE(r.is_ok());
      for (const auto& p : r.value())
        if (p.find(user->id) != std::string::npos || p.find(live) != std::string::npos || p.find(expired) != std::string::npos)
          mine.push_back(p);
    }
    return mine;
  };
  BOOST_TEST(heard(200ms).empty(), "creating a user and sessions is no revocation");
  BOOST_REQUIRE(storage::revoke_session_by_token_hash(*c, live).is_ok());
  BOOST_TEST((heard(500ms) == std::vector<std::string>{"t:" + live}));
  BOOST_REQUIRE(storage::purge_expired_sessions(*c).is_ok());
  BOOST_TEST(heard(300ms).empty(), "purging an expired session announces nothing");
  storage::user_changes promote;
  promote.role = "admin";
  BOOST_REQUIRE(storage::update_user(*c, user->id, promote).is_ok());
  BOOST_TEST((heard(500ms) == std::vector<std::string>{"u:" + user->id}));
  storage::user_changes rename;
  rename.full_name = "Renamed";
  BOOST_REQUIRE(storage::update_user(*c, user->id, rename).is_ok());
  BOOST_TEST(heard(300ms).empty(), "a new name ends no session");
}

BOOST_AUTO_TEST_SUITE_END()
