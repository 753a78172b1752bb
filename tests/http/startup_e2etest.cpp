// Startup against stores that are missing or refuse us: bounded attempts, a clear message, a
// non-zero exit; never a hang or a retry loop that hides a wrong password.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>

#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace {

std::string fast_retry_config() {
  const std::string path = "/tmp/p2p-startup-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << R"({"postgres": {"retry": {"startup_attempts": 3, "backoff_initial_ms": 50, "backoff_cap_ms": 200}},
                             "mongodb": {"retry": {"startup_attempts": 3, "backoff_initial_ms": 50, "backoff_cap_ms": 200}}})";
  return path;
}

double run_timed(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int& rc,
                 std::string& out) {
  auto t0 = std::chrono::steady_clock::now();
  rc = test_env::run_binary(args, out, env);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(startup_e2e)

BOOST_AUTO_TEST_CASE(an_unreachable_postgres_ends_startup_after_the_configured_attempts) {
  auto cfg = fast_retry_config();
  int rc = 0;
  std::string out;
  double took = run_timed({"--config", cfg, "serve"},
                          {{"DATABASE_URL", "postgresql://p2p_user:x@127.0.0.1:1/p2p_sandbox"},
                           {"P2P_HTTP_PORT", std::to_string(test_env::free_port())}},
                          rc, out);
  std::remove(cfg.c_str());
  BOOST_TEST(rc == 1);
  BOOST_TEST(took < 15.0);
  // With migrate_on_start the migrator reports the failure after its own attempts.
  BOOST_TEST((out.find("unreachable after 3 attempts") != std::string::npos ||
              out.find("postgres migrations failed") != std::string::npos), out);
  BOOST_TEST(out.find(":x@") == std::string::npos);  // the password stays out of the log
}

BOOST_AUTO_TEST_CASE(a_wrong_mongodb_password_is_a_clear_error_at_once) {
  auto cfg = fast_retry_config();
  int rc = 0;
  std::string out;
  auto url = test_env::with_password(test_env::mongo_url(), "definitely-wrong");
  double took = run_timed({"--config", cfg, "serve"},
                          {{"MONGODB_URL", url}, {"P2P_HTTP_PORT", std::to_string(test_env::free_port())}}, rc, out);
  std::remove(cfg.c_str());
  BOOST_TEST(rc == 1);
  BOOST_TEST(took < 10.0);
  BOOST_TEST(out.find("authentication failed") != std::string::npos, out);
  BOOST_TEST(out.find("attempt 2 of") == std::string::npos, "a wrong password must not be retried:\n" << out);
  BOOST_TEST(out.find("definitely-wrong") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
