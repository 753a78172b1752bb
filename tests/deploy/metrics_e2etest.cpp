// Every metric the alert rules (deploy/prometheus/p2p-backend-alerts.yml) and docs/deployment.md
// name is one a running instance exports at /metrics, with that type.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <httplib.h>

#include "support/server_process.hpp"

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot read " << p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// p2p_* names in `text`, with a histogram's _bucket/_sum/_count folded into its own name.
std::set<std::string> metric_names(const std::string& text) {
  std::set<std::string> out;
  const std::regex name("p2p_(http|pool|store)_[a-z_]+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it) {
    auto n = it->str();
    for (const std::string suffix : {"_bucket", "_sum", "_count"})
      if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          n.find("_seconds") != std::string::npos)
        n.erase(n.size() - suffix.size());
    out.insert(n);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(deploy_metrics_e2e)

BOOST_AUTO_TEST_CASE(every_metric_the_alerts_and_the_guide_name_is_exported) {
  test_env::server_process server;
  BOOST_REQUIRE_MESSAGE(server.start(), server.log());
  httplib::Client c("127.0.0.1", server.port());
  BOOST_REQUIRE(c.Get("/health/live"));  // so the request metrics have a series
  auto r = c.Get("/metrics");
  BOOST_REQUIRE(r && r->status == 200);
  const std::string source = P2P_SOURCE_DIR;
  auto named = metric_names(read(source + "/deploy/prometheus/p2p-backend-alerts.yml"));
  const auto in_guide = metric_names(read(source + "/docs/deployment.md"));
  named.insert(in_guide.begin(), in_guide.end());
  BOOST_TEST(named.size() >= 10u);
  for (const auto& n : named)
    BOOST_TEST(r->body.find("# TYPE " + n + " ") != std::string::npos, n << " is named but not exported");
  BOOST_TEST(server.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
