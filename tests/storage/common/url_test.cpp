#include <boost/test/unit_test.hpp>

#include "storage/common/url.hpp"

BOOST_AUTO_TEST_SUITE(url_parsing)

BOOST_AUTO_TEST_CASE(full_postgres_url) {
  auto r = storage::parse_url("postgresql://p2p_user:iiot123@localhost:5432/p2p_sandbox?sslmode=disable&a=b%20c");
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->scheme == "postgresql");
  BOOST_TEST(r->user == "p2p_user");
  BOOST_TEST(r->password == "iiot123");
  BOOST_TEST(r->has_password);
  BOOST_TEST(r->host == "localhost");
  BOOST_TEST(r->port == 5432);
  BOOST_TEST(r->database == "p2p_sandbox");
  BOOST_TEST(r->query.at("sslmode") == "disable");
  BOOST_TEST(r->query.at("a") == "b c");
}

BOOST_AUTO_TEST_CASE(driver_suffix_from_the_python_settings_is_dropped) {
  auto r = storage::parse_url("postgresql+asyncpg://u:p@h:1/d");
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->scheme == "postgresql");
}

BOOST_AUTO_TEST_CASE(password_with_reserved_characters) {
  auto r = storage::parse_url("mongodb://u:p%40ss%2Fw@h:27017/");
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->password == "p@ss/w");
  BOOST_TEST(r->database == "");
  auto raw = storage::parse_url("mongodb://u:p@ss/w@h:27017/db");  // unescaped: last '@' wins
  BOOST_REQUIRE(raw.is_ok());
  BOOST_TEST(raw->password == "p@ss/w");
  BOOST_TEST(raw->host == "h");
  BOOST_TEST(raw->database == "db");
}

BOOST_AUTO_TEST_CASE(optional_parts) {
  auto r = storage::parse_url("mongodb://h");
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->user.empty());
  BOOST_TEST(!r->has_password);
  BOOST_TEST(r->port == 0);
  auto v6 = storage::parse_url("postgresql://u@[::1]:5433/db");
  BOOST_REQUIRE(v6.is_ok());
  BOOST_TEST(v6->host == "::1");
  BOOST_TEST(v6->port == 5433);
  auto seeds = storage::parse_url("mongodb://u:p@a:1,b:2/db?replicaSet=rs");
  BOOST_REQUIRE(seeds.is_ok());
  BOOST_TEST(seeds->host == "a:1,b:2");
  BOOST_TEST(seeds->query.at("replicaSet") == "rs");
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_invalid) {
  for (const char* bad : {"", "localhost:5432", "://h", "postgresql://", "postgresql://u:p@/db",
                          "postgresql://h:0/db", "postgresql://h:99999/db", "postgresql://h:12x/db",
                          "postgresql://h:/db", "postgresql://[::1/db"}) {
    auto r = storage::parse_url(bad);
    BOOST_TEST(!r.is_ok(), "accepted: " << bad);
    BOOST_TEST((r.get_status().error_code() == storage::code::invalid));
  }
}

BOOST_AUTO_TEST_CASE(redaction_hides_only_the_password) {
  BOOST_TEST(storage::redact_url("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db");
  BOOST_TEST(storage::redact_url("mongodb://u:p@ss@h/db") == "mongodb://u:***@h/db");
  BOOST_TEST(storage::redact_url("mongodb://u@h/db") == "mongodb://u@h/db");
  BOOST_TEST(storage::redact_url("mongodb://h/db") == "mongodb://h/db");
  BOOST_TEST(storage::redact_url("user:secret@host") == "<redacted>");
}

BOOST_AUTO_TEST_SUITE_END()
