// The service as a black box: the real binary over real HTTP with the real stores.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <regex>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "storage/common/url.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

using nlohmann::json;

namespace {

struct running_server {
  test_env::server_process server;
  running_server() { BOOST_REQUIRE_MESSAGE(server.start(), "the service did not start:\n" << server.log()); }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(10, 0);
    return c;
  }
};

void check_error_shape(const httplib::Result& res, int status, const std::string& code) {
  BOOST_REQUIRE(res);
  BOOST_TEST(res->status == status);
  BOOST_TEST(res->get_header_value("Content-Type") == "application/json");
  auto body = json::parse(res->body);
  BOOST_TEST(body["error"]["code"] == code);
  BOOST_TEST(body["error"]["message"].is_string());
  BOOST_TEST(body["error"]["details"].is_array());
  BOOST_TEST(body["error"]["request_id"] == res->get_header_value("X-Request-Id"));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(foundation_e2e, running_server)

BOOST_AUTO_TEST_CASE(live_answers_pass_with_a_request_id) {
  auto res = client().Get("/health/live");
  BOOST_REQUIRE(res);
  BOOST_TEST(res->status == 200);
  BOOST_TEST(json::parse(res->body) == json({{"status", "pass"}}));
  BOOST_TEST(std::regex_match(res->get_header_value("X-Request-Id"), std::regex("[0-9a-f]{32}")));
  auto echoed = client().Get("/health/live", {{"X-Request-Id", "client-id-42"}});
  BOOST_REQUIRE(echoed);
  BOOST_TEST(echoed->get_header_value("X-Request-Id") == "client-id-42");
}

BOOST_AUTO_TEST_CASE(unknown_routes_and_oversized_bodies_get_the_contract_error_shape) {
  check_error_shape(client().Get("/no/such/route"), 404, "not_found");
  std::string big((1 << 20) + 1, 'x');
  check_error_shape(client().Post("/health/live", big, "application/json"), 413, "payload_too_large");
}

BOOST_AUTO_TEST_CASE(health_reports_both_stores) {
  for (const char* path : {"/health", "/health/ready"}) {
    auto res = client().Get(path);
    BOOST_REQUIRE(res);
    BOOST_TEST(res->status == 200, path << ": " << res->body);
    auto body = json::parse(res->body);
    BOOST_TEST(body["status"] == "pass");
    BOOST_TEST(body["version"].is_string());
    BOOST_TEST(body["uptime_s"].is_number());
    for (const char* store : {"postgres", "mongodb"}) {
      const auto& check = body["checks"][store];
      BOOST_TEST(check["status"] == "pass", store);
      BOOST_TEST(check["latency_ms"].is_number());
      BOOST_TEST(check["pool"]["size"].get<int>() > 0);
      BOOST_TEST(check["pool"]["max"].get<int>() >= check["pool"]["size"].get<int>());
    }
  }
}

BOOST_AUTO_TEST_CASE(metrics_are_prometheus_text_with_routes_and_pools) {
  auto live = client().Get("/health/live");
  BOOST_REQUIRE(live);
  BOOST_REQUIRE(live->status == 200);
  auto res = client().Get("/metrics");
  BOOST_REQUIRE(res);
  BOOST_TEST(res->status == 200);
  BOOST_TEST(res->get_header_value("Content-Type").rfind("text/plain", 0) == 0u);
  for (const char* needle : {"p2p_http_requests_total{route=\"/health/live\",method=\"GET\",status=\"200\"}",
                             "p2p_http_request_duration_seconds_bucket{route=\"/health/live\",le=\"+Inf\"}",
                             "p2p_pool_size{store=\"postgres\"}", "p2p_pool_size{store=\"mongodb\"}",
                             "p2p_pool_reconnects_total{store=\"postgres\"}"})
    BOOST_TEST(res->body.find(needle) != std::string::npos, needle);
}

// The passwords are those the service really uses (the environment's store URLs, whatever
// overrides them), so the check holds for any configuration and cannot pass on an empty one.
BOOST_AUTO_TEST_CASE(sigterm_stops_cleanly_and_no_password_reaches_the_log) {
  auto health = client().Get("/health");
  BOOST_REQUIRE(health);
  BOOST_TEST(health->status == 200);
  BOOST_TEST(server.stop() == 0);
  auto log = server.log();
  for (const auto& url : {test_env::pg_url(), test_env::mongo_url()}) {
    const auto parts = storage::parse_url(url);
    BOOST_REQUIRE_MESSAGE(parts.is_ok(), parts.get_status().to_string());
    BOOST_REQUIRE_MESSAGE(parts->password.size() >= 3, "the test stores need a password for this check");
    BOOST_TEST(log.find(parts->password) == std::string::npos, "a store password in the log");
    BOOST_TEST(log.find(parts->scheme + "://" + parts->user + ":***@") != std::string::npos,
               "the URL is logged, redacted: " << parts->scheme);
  }
  BOOST_TEST(log.find("serving on http://127.0.0.1:") != std::string::npos);
  BOOST_TEST(log.find("access method=GET target=/health status=200") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cli_e2e)

BOOST_AUTO_TEST_CASE(a_config_with_three_bad_keys_names_all_three) {
  const std::string path = "/tmp/p2p-bad-config-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << R"({"http": {"port": "x"}, "postgres": {"pool_sise": 3}, "log": {"level": "loud"}})";
  std::string out;
  int rc = test_env::run_binary({"--config", path, "config", "show"}, out);
  std::remove(path.c_str());
  BOOST_TEST(rc == 2);
  BOOST_TEST(out.find("http.port") != std::string::npos, out);
  BOOST_TEST(out.find("postgres.pool_sise") != std::string::npos, out);
  BOOST_TEST(out.find("log.level") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(config_show_redacts_passwords_and_json_logs_are_json) {
  std::string out;
  int rc = test_env::run_binary({"config", "show"}, out, {{"DATABASE_URL", "postgresql://u:topsecret@h:5432/d"}});
  BOOST_TEST(rc == 0);
  BOOST_TEST(out.find("topsecret") == std::string::npos);
  BOOST_TEST(out.find("postgresql://u:***@h:5432/d") != std::string::npos);
  BOOST_TEST(test_env::run_binary({"version"}, out) == 0);
  BOOST_TEST(out.rfind("p2p-backend ", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(json_log_format_writes_one_json_object_per_line) {
  test_env::server_process server({}, {"--log-format", "json"});
  BOOST_REQUIRE_MESSAGE(server.start(), server.log());
  httplib::Client c("127.0.0.1", server.port());
  auto live = c.Get("/health/live");
  BOOST_REQUIRE(live);
  BOOST_TEST(live->status == 200);
  BOOST_TEST(server.stop() == 0);
  std::istringstream lines(server.log());
  std::string line;
  int parsed = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '{')
      continue;  // CAF or mongoc may print plain lines of their own
    auto j = json::parse(line, nullptr, false);
    BOOST_TEST(!j.is_discarded(), line);
    BOOST_TEST(j.contains("msg"));
    ++parsed;
  }
  BOOST_TEST(parsed >= 3);
}

BOOST_AUTO_TEST_SUITE_END()
