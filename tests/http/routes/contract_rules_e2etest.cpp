// Contract rules that the resource tests do not reach (CONTRACT.md, "Conventions",
// "Authentication", "Health and operations"): X-Request-Id on API routes and their errors,
// the configured token lifetime and a cached session's expiry, /openapi.json and /metrics over
// HTTP, and 429 with Retry-After when a pool's wait queue is full. The real binary, the
// stack's stores.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/routes/routes.hpp"
#include "storage/common/time_format.hpp"
#include "storage/crypto/session_token.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/auth_fixture.hpp"
#include "support/clock_wait.hpp"
#include "support/metrics_text.hpp"
#include "support/stack_control.hpp"
#include "support/test_env.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// A config file for one test, removed with the object.
struct config_file {
  std::string path;
  explicit config_file(const std::string& body)
      : path("/tmp/p2p-contract-" + std::to_string(::getpid()) + "-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".json") {
    std::ofstream(path) << body;
  }
  ~config_file() { std::remove(path.c_str()); }
};

std::int64_t now_ms() { return storage::now_micros() / 1000; }

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string metrics(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(5, 0);
  auto r = c.Get("/metrics");
  BOOST_REQUIRE_MESSAGE(r && r->status == 200, "/metrics did not answer");
  return r->body;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(contract_rules_e2e, test_env::api_fixture)

// Every response carries X-Request-Id: generated (32 hex, new each time) when the client sent
// none, echoed when it sent one, on successes and on every kind of error, where the body's
// request_id is the same id.
BOOST_AUTO_TEST_CASE(api_routes_and_their_errors_carry_the_request_id) {
  const auto ada = auth.user();
  httplib::Client c("127.0.0.1", server.port());
  c.set_read_timeout(10, 0);
  const httplib::Headers bearer{{"Authorization", "Bearer " + ada.token}};
  const std::regex generated("[0-9a-f]{32}");
  std::set<std::string> seen;
  for (const std::string& path : {"/api/v1/users/" + ada.id, std::string("/api/v1/forum/posts?limit=1"),
                                 std::string("/api/v1/sessions/current"), std::string("/api/v1/configs")}) {
    auto r = c.Get(path, bearer);
    BOOST_REQUIRE_MESSAGE(r, path);
    const auto id = r->get_header_value("X-Request-Id");
    BOOST_TEST(std::regex_match(id, generated), path << ": " << id);
    seen.insert(id);
  }
  BOOST_TEST(seen.size() == 4u, "a new id per request");

  struct call {
    std::string method, path, body, content_type;
    bool with_token;
    int status;
  };
  const std::vector<call> calls = {
      {"GET", "/api/v1/users/" + ada.id, "", "", true, 200},
      {"GET", "/api/v1/users/" + ada.id, "", "", false, 401},
      {"GET", "/api/v1/users/not-a-uuid", "", "", true, 404},
      {"GET", "/api/v1/users", "", "", true, 403},
      {"POST", "/api/v1/forum/posts", "{\"title\":", "application/json", true, 400},
      {"POST", "/api/v1/forum/posts", "{}", "text/plain", true, 415},
      {"POST", "/api/v1/forum/posts", "{}", "application/json", true, 422},
      {"GET", "/api/v1/no-such-route", "", "", true, 404},
  };
  int n = 0;
  for (const auto& k : calls) {
    const std::string sent = "e2e-req." + std::to_string(n++) + ":" + auth.run_id();
    httplib::Headers h{{"X-Request-Id", sent}};
    if (k.with_token)
      h.emplace("Authorization", "Bearer " + ada.token);
    auto r = k.method == "GET" ? c.Get(k.path, h) : c.Post(k.path, h, k.body, k.content_type);
    const std::string what = k.method + " " + k.path + " (" + std::to_string(k.status) + ")";
    BOOST_REQUIRE_MESSAGE(r, what);
    BOOST_TEST(r->status == k.status, what << ": " << r->status);
    BOOST_TEST(r->get_header_value("X-Request-Id") == sent, what);
    if (k.status >= 400) {
      const auto body = json::parse(r->body, nullptr, false);
      BOOST_TEST(body["error"]["request_id"] == sent, what << ": " << r->body);
    }
  }
  // An id that could inject text into logs or headers is replaced by a generated one.
  auto r = c.Get("/api/v1/users/" + ada.id, {{"Authorization", "Bearer " + ada.token}, {"X-Request-Id", "a b\tc"}});
  BOOST_REQUIRE(r);
  BOOST_TEST(std::regex_match(r->get_header_value("X-Request-Id"), generated));
}

// A session made to expire in 2 s is answered until then and refused from then on, although
// this instance cached it moments before: the cache trusts an entry for 10 s, so a cache that
// ignored the session's own expiry would keep answering 200 for 8 s more. The probe is a read
// of the user, which rests on authentication alone (GET /sessions/current would look the
// session up again and hide a stale cache). Polled every 50 ms; the refusal must come within
// 1 s of the expiry (clock reads and one request on a loaded machine), never before it.
BOOST_AUTO_TEST_CASE(a_cached_session_ends_at_its_expiry) {
  const auto ada = auth.user();
  auto pg = storage::pg_connection::connect(test_env::pg_url(), 5000ms);
  BOOST_REQUIRE_MESSAGE(pg.is_ok(), pg.get_status().to_string());
  const auto token = storage::new_session_token();
  const std::int64_t expires_us = storage::now_micros() + 2'000'000;
  BOOST_REQUIRE(storage::create_session(*pg.value(), ada.id, storage::token_hash_hex(token), expires_us).is_ok());
  const std::string probe = "/api/v1/users/" + ada.id;
  BOOST_REQUIRE_EQUAL(api.get(probe, token).status, 200);  // validated and cached
  int status = 200;
  std::int64_t sent_us = 0;
  while (status == 200) {
    sent_us = storage::now_micros();
    if (sent_us > expires_us + 3'000'000)
      break;
    status = api.get(probe, token).status;
    if (status == 200 && sent_us >= expires_us)
      break;  // answered although sent after the expiry: the failure below
    if (status == 200)
      std::this_thread::sleep_for(50ms);
  }
  BOOST_REQUIRE_MESSAGE(status != 200, "answered 200 for a request sent " << (sent_us - expires_us) / 1000
                                                                         << " ms after the session expired");
  BOOST_TEST(status == 401);
  BOOST_TEST(sent_us >= expires_us - 50'000, "refused " << (expires_us - sent_us) / 1000 << " ms before its expiry");
  BOOST_TEST(sent_us <= expires_us + 1'000'000, "refused " << (sent_us - expires_us) / 1000 << " ms late");
}

// GET /openapi.json over HTTP: an OpenAPI 3 document with an operation for every route the
// server registers, and no other.
BOOST_AUTO_TEST_CASE(openapi_json_over_http_describes_every_route) {
  httplib::Client c("127.0.0.1", server.port());
  auto r = c.Get("/openapi.json");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->status == 200);
  BOOST_TEST(r->get_header_value("Content-Type").rfind("application/json", 0) == 0u);
  const auto doc = json::parse(r->body, nullptr, false);
  BOOST_REQUIRE(doc.is_object());
  BOOST_TEST(doc.value("openapi", "").rfind("3.", 0) == 0u, doc.value("openapi", ""));
  BOOST_TEST(doc["info"]["version"].is_string());
  std::set<std::string> documented, registered;
  for (const auto& [path, ops] : doc["paths"].items())
    for (const auto& [method, op] : ops.items())
      if (method != "parameters")
        documented.insert(method + " " + path);
  for (const auto& route : http::api_routes()) {
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    registered.insert(method + " " + route.path);
  }
  BOOST_TEST(registered.size() >= 36u);
  BOOST_TEST((documented == registered));
}

// /metrics over HTTP: the pool gauges of both stores (size, idle, in use, waiting, max, up)
// with consistent values, and the counters.
BOOST_AUTO_TEST_CASE(metrics_over_http_show_both_pools) {
  const auto text = metrics(server.port());
  for (const char* store : {"postgres", "mongodb"}) {
    BOOST_TEST_CONTEXT(store) {
      const std::map<std::string, std::string> l{{"store", store}};
      const double size = test_env::metric_value(text, "p2p_pool_size", l);
      const double idle = test_env::metric_value(text, "p2p_pool_idle", l);
      const double in_use = test_env::metric_value(text, "p2p_pool_in_use", l);
      BOOST_TEST(size >= 1);
      BOOST_TEST(idle >= 0);
      BOOST_TEST(in_use >= 0);
      BOOST_TEST(idle + in_use <= size);
      BOOST_TEST(test_env::metric_value(text, "p2p_pool_waiting", l) == 0);
      BOOST_TEST(test_env::metric_value(text, "p2p_pool_max", l) >= size);
      BOOST_TEST(test_env::metric_value(text, "p2p_pool_up", l) == 1);
      for (const char* counter : {"p2p_pool_acquired_total", "p2p_pool_timeouts_total", "p2p_pool_overloaded_total",
                                  "p2p_pool_reconnects_total", "p2p_pool_broken_total"})
        BOOST_TEST(test_env::metric_value(text, counter, l) >= 0, counter);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(token_lifetime_e2e)

// auth.session_ttl_s sets expires_at: a login on a service configured for 120 s answers an
// expiry 120 s after the login (to the millisecond the login happened in), and PostgreSQL
// holds the same.
BOOST_AUTO_TEST_CASE(login_expiry_follows_the_configured_lifetime) {
  config_file cfg(R"({"auth": {"session_ttl_s": 120}})");
  test_env::server_process server({}, {"--config", cfg.path});
  BOOST_REQUIRE_MESSAGE(server.start(), server.log());
  test_env::api_client api(server.port());
  const std::string email = "ttl-" + storage::format_oid(storage::new_oid()) + "@example.com";
  auto reg = api.post("/api/v1/users", {{"email", email}, {"password", "ttl-password-1"}, {"full_name", "Ttl"}});
  BOOST_REQUIRE_MESSAGE(reg.status == 201, reg.body.dump());
  auto pg = storage::pg_connection::connect(test_env::pg_url(), 5000ms);
  BOOST_REQUIRE_MESSAGE(pg.is_ok(), pg.get_status().to_string());
  std::shared_ptr<void> cleanup(nullptr, [&](void*) { (void)storage::delete_user(*pg.value(), reg.body["id"].get<std::string>()); });

  const auto sent_ms = now_ms();
  auto login = api.post("/api/v1/sessions", {{"email", email}, {"password", "ttl-password-1"}});
  const auto answered_ms = now_ms();
  BOOST_REQUIRE_MESSAGE(login.status == 201, login.body.dump());
  const auto expires_ms = test_env::parse_rfc3339_ms(login.body["expires_at"].get<std::string>());
  BOOST_TEST(expires_ms >= sent_ms + 120'000, login.body["expires_at"]);
  BOOST_TEST(expires_ms <= answered_ms + 120'000, login.body["expires_at"]);
  auto row = storage::find_session_by_token_hash(*pg.value(), storage::token_hash_hex(login.body["token"].get<std::string>()));
  BOOST_REQUIRE_MESSAGE(row.is_ok(), row.get_status().to_string());
  BOOST_TEST(row->expires_at_us / 1000 == expires_ms);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pool_queue_e2e, *boost::unit_test::label("stops_stores"))

// A full wait queue sheds load: with the MongoDB pool cut to one worker and one queue slot, and
// FerretDB frozen, one request holds the worker, a second waits, and a third is refused at once
// with 429 `overloaded` and Retry-After. /metrics shows each step: the worker in use, the
// waiting request, the refusal counted.
BOOST_AUTO_TEST_CASE(a_full_pool_queue_answers_429_with_retry_after) {
  config_file cfg(R"({"mongodb": {"max_pool_size": 1, "min_pool_size": 1, "max_queue": 1,
                                  "wait_queue_timeout_ms": 4000}})");
  test_env::server_process server({}, {"--config", cfg.path});
  BOOST_REQUIRE_MESSAGE(server.start(), server.log());
  test_env::auth_fixture auth;
  const auto ada = auth.user();
  test_env::api_client api(server.port());
  test_env::stack_guard thawed_first;  // before `auth` cleans up, whatever fails below
  const std::map<std::string, std::string> mongo{{"store", "mongodb"}};
  auto gauge = [&](const char* name) { return test_env::metric_value(metrics(server.port()), name, mongo); };
  BOOST_REQUIRE_EQUAL(api.get("/api/v1/sessions/current", ada.token).status, 200);  // cached: no PostgreSQL wait
  const double overloaded_before = gauge("p2p_pool_overloaded_total");
  BOOST_REQUIRE_EQUAL(gauge("p2p_pool_in_use"), 0);

  test_env::signal_store("ferretdb", SIGSTOP);
  const std::string list = "/api/v1/forum/posts?limit=1";
  // Each step is polled every 10 ms with a 2 s deadline: a request reaches the pool within
  // milliseconds, and the first one's 5 s deadline must not pass before the third is sent.
  auto wait_for = [&](const char* name, double value) {
    const auto t0 = std::chrono::steady_clock::now();
    while (gauge(name) < value && seconds_since(t0) < 2)
      std::this_thread::sleep_for(10ms);
    return gauge(name);
  };
  auto holding = std::async(std::launch::async, [&] { return api.get(list, ada.token); });
  BOOST_REQUIRE_EQUAL(wait_for("p2p_pool_in_use", 1), 1);
  auto waiting = std::async(std::launch::async, [&] { return api.get(list, ada.token); });
  BOOST_REQUIRE_EQUAL(wait_for("p2p_pool_waiting", 1), 1);

  const auto t0 = std::chrono::steady_clock::now();
  auto refused = api.get(list, ada.token);
  const double took = seconds_since(t0);
  test_env::check_error(refused, 429, "overloaded", "the third request");
  BOOST_TEST(!refused.header("Retry-After").empty());
  BOOST_TEST(took < 1.0, "refused after " << took << " s: at once, not after a wait");
  BOOST_TEST(gauge("p2p_pool_overloaded_total") == overloaded_before + 1);

  test_env::signal_store("ferretdb", SIGCONT);
  // The two others end as the deadline or the thawed store decides, but they end.
  for (auto* f : {&holding, &waiting}) {
    const auto r = f->get();
    BOOST_TEST((r.status == 200 || r.status == 503 || r.status == 504), "status " << r.status);
  }
}

BOOST_AUTO_TEST_SUITE_END()
