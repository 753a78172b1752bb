// deploy/prometheus/ checked by Prometheus's own promtool (extracted by scripts/setup into
// var/cache/promtool; without it these tests FAIL): the scrape config and the rules parse, and
// the alert rules fire as p2p-backend-alerts.test.yml says, which a broken rule makes fail.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_command.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path source = P2P_SOURCE_DIR;
const fs::path rules_dir = source / "deploy/prometheus";

using test_env::run_command;

std::string promtool() {
  const auto p = source / "var/cache/promtool/promtool";
  BOOST_REQUIRE_MESSAGE(fs::exists(p), p << " is missing: scripts/setup extracts it from Debian's prometheus package");
  return p.string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deploy_prometheus)

BOOST_AUTO_TEST_CASE(the_scrape_config_and_the_rules_are_valid) {
  const auto tool = promtool();
  const auto config = run_command("cd " + rules_dir.string() + " && " + tool + " check config prometheus.yml");
  BOOST_TEST(config.code == 0, config.output);
  const auto rules = run_command(tool + " check rules " + (rules_dir / "p2p-backend-alerts.yml").string());
  BOOST_TEST(rules.code == 0, rules.output);
  BOOST_TEST(rules.output.find("SUCCESS: 11 rules found") != std::string::npos, rules.output);
}

BOOST_AUTO_TEST_CASE(the_alerts_fire_as_their_tests_say) {
  const auto r = run_command("cd " + rules_dir.string() + " && " + promtool() + " test rules p2p-backend-alerts.test.yml");
  BOOST_TEST(r.code == 0, r.output);
}

BOOST_AUTO_TEST_CASE(a_broken_rule_fails_its_test) {
  // The same tests on a copy whose P2PInstanceDown waits 5 min instead of 1: they must fail.
  const auto dir = fs::temp_directory_path() / ("p2p-rules-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(rules_dir / "p2p-backend-alerts.yml");
  std::stringstream ss;
  ss << in.rdbuf();
  auto text = ss.str();
  const auto at = text.find("for: 1m");
  BOOST_REQUIRE(at != std::string::npos);
  text.replace(at, 7, "for: 5m");
  std::ofstream(dir / "p2p-backend-alerts.yml") << text;
  fs::copy_file(rules_dir / "p2p-backend-alerts.test.yml", dir / "p2p-backend-alerts.test.yml");
  const auto r = run_command("cd " + dir.string() + " && " + promtool() + " test rules p2p-backend-alerts.test.yml");
  fs::remove_all(dir);
  BOOST_TEST(r.code != 0, r.output);
  BOOST_TEST(r.output.find("P2PInstanceDown") != std::string::npos, r.output);
}

BOOST_AUTO_TEST_SUITE_END()
