// pg_connection against the real server: connect, refusal, prepared statements, statement
// timeout, and a connection killed from outside.
#include <boost/test/unit_test.hpp>

#include <thread>

#include "storage/common/url.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_values.hpp"
#include "support/pg_scratch.hpp"

using namespace std::chrono_literals;
using storage::code;
using storage::pg_statement;

namespace {

constexpr pg_statement q_setting{"test_setting", "SELECT current_setting($1)", 1};
constexpr pg_statement q_prepared{"test_prepared", "SELECT count(*) FROM pg_prepared_statements WHERE name = $1", 1};
constexpr pg_statement q_sleep{"test_sleep", "SELECT pg_sleep($1::float8)", 1};
constexpr pg_statement q_terminate{"test_terminate", "SELECT pg_terminate_backend($1::int)", 1};
constexpr pg_statement q_values{"test_values", "SELECT NULL::text, 'x'::text, 42 UNION ALL SELECT 'a', NULL, 7", 0};
constexpr pg_statement q_echo{"test_echo", "SELECT $1::text", 1};

std::string setting(storage::pg_connection& c, const std::string& name) {
  auto r = c.exec(q_setting, {name});
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  return std::string(r->get(0, 0));
}

bool same(code a, code b) { return a == b; }

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_connection_live)

BOOST_AUTO_TEST_CASE(connects_and_identifies_itself) {
  auto c = pg_test::connect(test_env::pg_url());
  BOOST_TEST(c->ping().is_ok());
  BOOST_TEST(!c->is_broken());
  BOOST_TEST(!c->in_transaction());
  BOOST_TEST(c->backend_pid() > 0);
  BOOST_TEST((c->created_at() <= std::chrono::steady_clock::now()));
  BOOST_TEST(setting(*c, "application_name") == "p2p-backend");
}

BOOST_AUTO_TEST_CASE(accepts_postgres_scheme_and_driver_suffix) {
  const std::string url = test_env::pg_url();
  const std::string rest = url.substr(url.find("://"));
  for (const std::string scheme : {"postgres", "postgresql+asyncpg"}) {
    auto c = storage::pg_connection::connect(scheme + rest, 5000ms);
    BOOST_TEST(c.is_ok(), scheme << ": " << c.get_status().to_string());
  }
}

BOOST_AUTO_TEST_CASE(wrong_password_is_refused_and_not_echoed) {
  const std::string wrong = "Wr0ngPassw0rd-xyzzy";
  auto c = storage::pg_connection::connect(test_env::with_password(test_env::pg_url(), wrong), 5000ms);
  BOOST_REQUIRE(!c.is_ok());
  BOOST_TEST(same(c.get_status().error_code(), code::unavailable));
  BOOST_TEST(c.get_status().message().find("password authentication failed") != std::string::npos,
             c.get_status().message());
  BOOST_TEST(c.get_status().message().find(wrong) == std::string::npos);
  auto parts = storage::parse_url(test_env::pg_url());
  BOOST_REQUIRE(parts.is_ok());
  BOOST_TEST(c.get_status().message().find(parts->password) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(statements_are_prepared_once_per_connection) {
  auto a = pg_test::connect(test_env::pg_url());
  auto count = [](storage::pg_connection& c) {
    auto r = c.exec(q_prepared, {std::string("test_echo")});
    BOOST_REQUIRE(r.is_ok());
    return std::string(r->get(0, 0));
  };
  BOOST_TEST(count(*a) == "0");
  for (int i = 0; i < 3; ++i) {
    auto r = a->exec(q_echo, {std::to_string(i)});
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    BOOST_TEST(r->get(0, 0) == std::to_string(i));
  }
  BOOST_TEST(count(*a) == "1");
  auto b = pg_test::connect(test_env::pg_url());  // a new session prepares again
  BOOST_TEST(count(*b) == "0");
  BOOST_TEST(b->exec(q_echo, {std::nullopt}).is_ok());
  BOOST_TEST(count(*b) == "1");
}

BOOST_AUTO_TEST_CASE(result_set_access) {
  auto c = pg_test::connect(test_env::pg_url());
  auto r = c->exec(q_values, {});
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->rows() == 2);
  BOOST_TEST(r->columns() == 3);
  BOOST_TEST(r->is_null(0, 0));
  BOOST_TEST(!r->get_optional(0, 0).has_value());
  BOOST_TEST(r->get(0, 1) == "x");
  BOOST_TEST(r->get_optional(1, 0).value() == "a");
  BOOST_TEST(storage::parse_int64(r->get(1, 2)).value() == 7);
  BOOST_TEST(c->exec_script("CREATE TEMP TABLE t (v int); INSERT INTO t VALUES (1), (2), (3)").is_ok());
  constexpr pg_statement del{"test_delete_temp", "DELETE FROM t WHERE v >= $1::int", 1};
  auto d = c->exec(del, {std::string("2")});
  BOOST_REQUIRE(d.is_ok());
  BOOST_TEST(d->affected_rows() == 2);
}

BOOST_AUTO_TEST_CASE(errors_are_mapped_and_the_connection_survives) {
  auto c = pg_test::connect(test_env::pg_url());
  constexpr pg_statement bad_uuid{"test_bad_uuid", "SELECT $1::uuid", 1};
  auto r = c->exec(bad_uuid, {std::string("nope")});
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST(same(r.get_status().error_code(), code::invalid));
  BOOST_TEST(r.get_status().message().rfind("test_bad_uuid: 22P02", 0) == 0, r.get_status().message());
  auto s = c->exec_script("SELECT * FROM no_such_table_anywhere", "probe");
  BOOST_TEST(same(s.error_code(), code::internal));
  BOOST_TEST(s.message().find("SELECT") == std::string::npos);  // no SQL text in messages
  BOOST_TEST(c->ping().is_ok());
}

BOOST_AUTO_TEST_CASE(statement_timeout_cancels_with_timeout) {
  auto c = pg_test::connect(test_env::pg_url());
  BOOST_REQUIRE(c->set_statement_timeout(200ms).is_ok());
  BOOST_TEST(setting(*c, "statement_timeout") == "200ms");
  const auto started = std::chrono::steady_clock::now();
  auto r = c->exec(q_sleep, {std::string("5")});
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST(same(r.get_status().error_code(), code::timeout), r.get_status().to_string());
  BOOST_TEST(took < 2s);
  BOOST_TEST(c->ping().is_ok());  // a cancelled statement leaves the connection usable
  BOOST_TEST(!c->is_broken());
}

BOOST_AUTO_TEST_CASE(statement_timeout_is_sent_only_when_it_changes) {
  auto c = pg_test::connect(test_env::pg_url());
  BOOST_REQUIRE(c->set_statement_timeout(300ms).is_ok());
  // Change it behind the cache's back: an unchanged request must not send anything.
  BOOST_REQUIRE(c->exec_script("SET statement_timeout = 0").is_ok());
  BOOST_REQUIRE(c->set_statement_timeout(300ms).is_ok());
  BOOST_TEST(setting(*c, "statement_timeout") == "0");
  BOOST_REQUIRE(c->set_statement_timeout(400ms).is_ok());
  BOOST_TEST(setting(*c, "statement_timeout") == "400ms");
  // Inside a transaction the value is sent but not remembered (a rollback undoes it).
  BOOST_REQUIRE(c->exec_script("BEGIN").is_ok());
  BOOST_REQUIRE(c->set_statement_timeout(500ms).is_ok());
  BOOST_REQUIRE(c->exec_script("ROLLBACK").is_ok());
  BOOST_TEST(setting(*c, "statement_timeout") == "400ms");
  BOOST_REQUIRE(c->set_statement_timeout(500ms).is_ok());
  BOOST_TEST(setting(*c, "statement_timeout") == "500ms");
}

BOOST_AUTO_TEST_CASE(a_terminated_backend_is_unavailable) {
  auto victim = pg_test::connect(test_env::pg_url());
  auto killer = pg_test::connect(test_env::pg_url());
  BOOST_REQUIRE(victim->exec(q_echo, {std::string("before")}).is_ok());
  auto k = killer->exec(q_terminate, {std::to_string(victim->backend_pid())});
  BOOST_REQUIRE_MESSAGE(k.is_ok(), k.get_status().to_string());
  BOOST_REQUIRE(k->get(0, 0) == "t");
  // pg_terminate_backend only signals: poll (5 s deadline) until the backend is gone.
  const storage::pg_statement alive{"test_backend_alive", "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", 1};
  const std::string pid = std::to_string(victim->backend_pid());
  auto gone = [&] {
    auto a = killer->exec(alive, {pid});
    BOOST_REQUIRE_MESSAGE(a.is_ok(), a.get_status().to_string());
    return a->get(0, 0) == "0";
  };
  for (auto until = std::chrono::steady_clock::now() + 5s; !gone() && std::chrono::steady_clock::now() < until;)
    std::this_thread::sleep_for(10ms);
  BOOST_REQUIRE_MESSAGE(gone(), "the terminated backend is still there after 5 s");
  auto r = victim->exec(q_echo, {std::string("after")});
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST(same(r.get_status().error_code(), code::unavailable), r.get_status().to_string());
  BOOST_TEST(victim->is_broken());
  BOOST_TEST(same(victim->ping().error_code(), code::unavailable));
}

BOOST_AUTO_TEST_SUITE_END()
