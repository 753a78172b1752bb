// Startup against stores that are missing or refuse us: bounded attempts, a clear message, a
// non-zero exit; never a hang or a retry loop that hides a wrong password.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>

#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace {

// Three attempts, 50 ms apart at first; `migrate_on_start` as given.
std::string fast_retry_config(bool migrate_on_start = true) {
  const std::string path = "/tmp/p2p-startup-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << R"({"postgres": {"migrate_on_start": )" << (migrate_on_start ? "true" : "false")
                      << R"(, "retry": {"startup_attempts": 3, "backoff_initial_ms": 50, "backoff_cap_ms": 200}},
                             "mongodb": {"retry": {"startup_attempts": 3, "backoff_initial_ms": 50, "backoff_cap_ms": 200}}})";
  return path;
}

double run_timed(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int& rc,
                 std::string& out) {
  auto t0 = std::chrono::steady_clock::now();
  rc = test_env::run_binary(args, out, env);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// How often `needle` occurs in `text`.
int occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

const std::map<std::string, std::string> unreachable_postgres{
    {"DATABASE_URL", "postgresql://p2p_user:x@127.0.0.1:1/p2p_sandbox"}, {"P2P_HTTP_PORT", "0"}};

}  // namespace

BOOST_AUTO_TEST_SUITE(startup_e2e)

// With migrate_on_start (the default) the migrator is the first to reach PostgreSQL: it tries
// three times (two retries logged), then startup ends.
BOOST_AUTO_TEST_CASE(an_unreachable_postgres_ends_the_migrations_after_the_configured_attempts) {
  auto cfg = fast_retry_config(true);
  int rc = 0;
  std::string out;
  double took = run_timed({"--config", cfg, "serve"}, unreachable_postgres, rc, out);
  std::remove(cfg.c_str());
  BOOST_TEST(rc == 1);
  BOOST_TEST(took < 15.0);  // three attempts 50-200 ms apart, not a hang
  BOOST_TEST(occurrences(out, "postgres unavailable for migrations") == 2, out);
  BOOST_TEST(occurrences(out, "retry 1/2") == 1, out);
  BOOST_TEST(occurrences(out, "retry 2/2") == 1, out);
  BOOST_TEST(occurrences(out, "postgres migrations failed") == 1, out);
  BOOST_TEST(out.find(":x@") == std::string::npos);  // the password stays out of the log
}

// Without migrations the pool's startup connect tries three times: two failures logged with
// the next delay, then "unreachable after 3 attempts".
BOOST_AUTO_TEST_CASE(an_unreachable_postgres_ends_startup_after_the_configured_attempts) {
  auto cfg = fast_retry_config(false);
  int rc = 0;
  std::string out;
  double took = run_timed({"--config", cfg, "serve"}, unreachable_postgres, rc, out);
  std::remove(cfg.c_str());
  BOOST_TEST(rc == 1);
  BOOST_TEST(took < 15.0);
  BOOST_TEST(occurrences(out, "postgresql: attempt ") == 2, out);
  BOOST_TEST(occurrences(out, "postgresql: attempt 1 of 3 failed") == 1, out);
  BOOST_TEST(occurrences(out, "postgresql: attempt 2 of 3 failed") == 1, out);
  BOOST_TEST(occurrences(out, "postgresql unreachable after 3 attempts") == 1, out);
  BOOST_TEST(out.find(":x@") == std::string::npos);
}

// A wrong password is final: exactly one authentication is tried (the driver logs each failed
// one), no retry is announced, and startup ends with the authentication error itself.
BOOST_AUTO_TEST_CASE(a_wrong_mongodb_password_is_a_clear_error_at_once) {
  auto cfg = fast_retry_config();
  int rc = 0;
  std::string out;
  auto url = test_env::with_password(test_env::mongo_url(), "definitely-wrong");
  double took = run_timed({"--config", cfg, "serve"}, {{"MONGODB_URL", url}, {"P2P_HTTP_PORT", "0"}}, rc, out);
  std::remove(cfg.c_str());
  BOOST_TEST(rc == 1);
  BOOST_TEST(took < 10.0);
  BOOST_TEST(occurrences(out, "Failed authentication") == 1, "one authentication attempt:\n" << out);
  BOOST_TEST(occurrences(out, "mongodb: unavailable: ping: authentication failed") == 1, out);
  BOOST_TEST(occurrences(out, "mongodb: attempt ") == 0, "a wrong password must not be retried:\n" << out);
  BOOST_TEST(out.find("unreachable after") == std::string::npos, out);
  BOOST_TEST(out.find("definitely-wrong") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
