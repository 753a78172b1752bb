// A password in a database URL's query string (`postgresql://u@h/db?password=x`, which libpq
// accepts as well as the user information) never reaches `config show` or the service's log
// (issue 20). The URL forms themselves are covered row by row in
// tests/storage/common/url_redaction_test.cpp.
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "support/free_port.hpp"
#include "support/server_process.hpp"
#include "support/service_child.hpp"

BOOST_AUTO_TEST_SUITE(url_redaction_e2e)

BOOST_AUTO_TEST_CASE(config_show_never_prints_a_query_password) {
  std::string out;
  const int rc = test_env::run_binary(
      {"config", "show"}, out,
      {{"DATABASE_URL", "postgresql://u@127.0.0.1/db?password=topsecret"},
       {"DATABASE_DIRECT_URL", "postgresql://u@127.0.0.1/db?sslmode=disable&PASSWORD=topsecret2"},
       {"MONGODB_URL", "mongodb://m:topsecret3@127.0.0.1:27017/db?tlsCertificateKeyFilePassword=topsecret4"}});
  BOOST_TEST(rc == 0, out);
  BOOST_TEST(out.find("topsecret") == std::string::npos, out);
  // Redacted, not dropped: the rest of each URL is still there to check.
  BOOST_TEST(out.find("postgresql://u@127.0.0.1/db?password=***") != std::string::npos, out);
  BOOST_TEST(out.find("postgresql://u@127.0.0.1/db?sslmode=disable&PASSWORD=***") != std::string::npos, out);
  BOOST_TEST(out.find("mongodb://m:***@127.0.0.1:27017/db?tlsCertificateKeyFilePassword=***") != std::string::npos, out);
}

// `serve` logs the URLs it starts with before it opens anything. The service refuses a password
// in the query (storage/postgres/pg_connection.cpp: it must know the password to keep it out of
// libpq's messages), and says so without the value; the log never shows it.
BOOST_AUTO_TEST_CASE(serve_logs_a_query_password_redacted_and_refuses_it) {
  test_env::service_child serve(
      {"serve"},
      {{"DATABASE_URL", "postgresql://p2p_user@127.0.0.1:1/p2p_sandbox?sslmode=disable&password=topsecret"},
       {"P2P_HTTP_HOST", "127.0.0.1"},
       {"P2P_HTTP_PORT", std::to_string(test_env::free_port())}},
      {"DATABASE_URL_FILE", "NOTIFY_SOCKET"});
  BOOST_TEST(serve.wait_exit(std::chrono::seconds(30)) == 2, serve.log());
  const auto log = serve.log();
  BOOST_TEST(log.find("starting: postgres postgresql://p2p_user@127.0.0.1:1/p2p_sandbox?sslmode=disable&password=***") !=
                 std::string::npos,
             log);
  BOOST_TEST(log.find("unsupported connection option 'password'") != std::string::npos, log);
  BOOST_TEST(log.find("topsecret") == std::string::npos, log);
}

BOOST_AUTO_TEST_SUITE_END()
