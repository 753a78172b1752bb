// Health, shutdown and the other store's endpoints while a store is down or frozen: the real
// binary, the real stores, and scripts/stack to stop, start, freeze (SIGSTOP) and thaw (SIGCONT)
// them. Every test leaves the stores running, even when an assertion fails.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <future>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/actor_fixture.hpp"
#include "support/auth_fixture.hpp"
#include "support/metrics_text.hpp"
#include "support/server_process.hpp"
#include "support/stack_control.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

using test_env::stack;
using test_env::stack_guard;

struct served : stack_guard {
  test_env::server_process server;
  served() { BOOST_REQUIRE_MESSAGE(server.start(), server.log()); }
  httplib::Result get(const std::string& path) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(10, 0);
    return c.Get(path);
  }
  // The status of GET `path`; 0 (and a failed check naming the client's error) without an answer.
  int status_of(const std::string& path) {
    auto res = get(path);
    BOOST_TEST(static_cast<bool>(res), path << ": no answer (httplib error " << static_cast<int>(res.error()) << ")");
    return res ? res->status : 0;
  }
  // A value of the service's /metrics, e.g. gauge("p2p_pool_in_use", "mongodb"); -1 when absent.
  double gauge(const std::string& name, const std::string& store) {
    auto res = get("/metrics");
    BOOST_REQUIRE_MESSAGE(res && res->status == 200, "/metrics did not answer");
    return test_env::metric_value(res->body, name, {{"store", store}});
  }
  // p2p_store_errors_total of one store and kind; -1 when none was counted yet.
  double store_errors(const std::string& store, const std::string& kind) {
    auto res = get("/metrics");
    BOOST_REQUIRE_MESSAGE(res && res->status == 200, "/metrics did not answer");
    return test_env::metric_value(res->body, "p2p_store_errors_total", {{"store", store}, {"kind", kind}});
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Polls /health until it answers 200, up to `limit` seconds; the last status.
int wait_for_health(served& s, double limit) {
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  while (seconds_since(t0) < limit && status != 200) {
    auto res = s.get("/health");
    status = res ? res->status : 0;
    if (status != 200)
      std::this_thread::sleep_for(200ms);
  }
  return status;
}

// /health and /health/ready while one store hangs: each within 2 s (the contract), 503 with
// Retry-After, the hung store failing and the other passing, the same body on both paths.
void check_health_with_a_hung_store(served& s, const std::string& hung, const std::string& other) {
  for (int i = 0; i < 3; ++i) {
    for (const char* path : {"/health", "/health/ready"}) {
      auto t0 = std::chrono::steady_clock::now();
      auto res = s.get(path);
      double took = seconds_since(t0);
      BOOST_REQUIRE_MESSAGE(res, path << " did not answer (httplib error " << static_cast<int>(res.error()) << ") after "
                                      << took << " s");
      BOOST_TEST(took < 2.0, path << " took " << took << " s");
      BOOST_TEST(res->status == 503, path);
      BOOST_TEST(res->has_header("Retry-After"), path);
      auto body = json::parse(res->body, nullptr, false);
      BOOST_TEST(body["status"] == "fail", path);
      BOOST_TEST(body["checks"][hung]["status"] == "fail", path << ": " << res->body);
      BOOST_TEST(body["checks"][other]["status"] == "pass", path << ": " << res->body);
    }
    BOOST_TEST(s.status_of("/health/live") == 200);
  }
}

// The request's deadline (http.request_timeout_ms, 5 s by default) and how late its 504 may
// come: 1.5 s for the scheduling of a loaded 2-core machine.
constexpr double deadline_s = 5.0;
constexpr double deadline_slack_s = 1.5;

void check_timeout(const test_env::api_response& r, double took, const std::string& what) {
  test_env::check_error(r, 504, "timeout", what);
  BOOST_TEST(took >= deadline_s - 0.5, what << ": answered after " << took << " s, before the deadline");
  BOOST_TEST(took < deadline_s + deadline_slack_s, what << ": answered after " << took << " s");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(store_faults_e2e, served, *boost::unit_test::label("stops_stores"))

// FerretDB frozen (SIGSTOP): health answers in time, and a MongoDB request answers 504 at its
// deadline (required here, where a hang is certain, and tolerated elsewhere).
BOOST_AUTO_TEST_CASE(health_answers_within_two_seconds_and_requests_time_out_while_ferretdb_is_frozen) {
  test_env::auth_fixture auth;
  const auto ada = auth.user();
  const test_env::api_client api(server.port());
  stack_guard thawed_first;  // before `auth` cleans up, whatever fails below
  BOOST_REQUIRE_EQUAL(status_of("/health"), 200);
  BOOST_REQUIRE_EQUAL(api.get("/api/v1/sessions/current", ada.token).status, 200);  // the token is cached
  const double timeouts_before = std::max(0.0, store_errors("mongodb", "timeout"));
  test_env::signal_store("ferretdb", SIGSTOP);
  // The request first: once /health has found the store failing, the pool answers 503 at once.
  const auto t0 = std::chrono::steady_clock::now();
  auto r = api.get("/api/v1/forum/posts?limit=1", ada.token);
  check_timeout(r, seconds_since(t0), "list posts with FerretDB frozen");
  check_health_with_a_hung_store(*this, "mongodb", "postgres");
  BOOST_TEST(api.get("/api/v1/users/" + ada.id, ada.token).status == 200, "PostgreSQL requests go on");
  test_env::signal_store("ferretdb", SIGCONT);
  // Recovers without a restart of the service: within the backoff cap (10 s) plus a little.
  BOOST_TEST(wait_for_health(*this, 15) == 200, "mongodb did not recover within 15 s");
  // The worker that waited reports its timeout when the store answers again: a store error.
  const auto t1 = std::chrono::steady_clock::now();
  while (store_errors("mongodb", "timeout") <= timeouts_before && seconds_since(t1) < 10)
    std::this_thread::sleep_for(100ms);
  BOOST_TEST(store_errors("mongodb", "timeout") > timeouts_before, "/metrics counts the timeout as a store error");
}

// PostgreSQL hung (every one of its processes stopped): the same, with the PostgreSQL check
// failing. A request whose token this instance validated moments ago authenticates from the
// cache and then waits on PostgreSQL: 504 at the deadline.
BOOST_AUTO_TEST_CASE(health_answers_within_two_seconds_and_requests_time_out_while_postgres_is_hung) {
  test_env::auth_fixture auth;
  const auto ada = auth.user();
  const test_env::api_client api(server.port());
  stack_guard thawed_first;  // before `auth` cleans up, whatever fails below
  BOOST_REQUIRE_EQUAL(status_of("/health"), 200);
  BOOST_REQUIRE_EQUAL(api.get("/api/v1/sessions/current", ada.token).status, 200);  // cached for 10 s
  test_env::signal_postgres_tree(SIGSTOP);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = api.get("/api/v1/users/" + ada.id, ada.token);
  check_timeout(r, seconds_since(t0), "read a user with PostgreSQL hung");
  check_health_with_a_hung_store(*this, "postgres", "mongodb");
  test_env::signal_postgres_tree(SIGCONT);
  BOOST_TEST(wait_for_health(*this, 15) == 200, "postgres did not recover within 15 s");
  BOOST_TEST(api.get("/api/v1/users/" + ada.id, ada.token).status == 200);
}

BOOST_AUTO_TEST_CASE(postgres_stopped_fails_its_check_and_leaves_mongodb_passing) {
  BOOST_REQUIRE_EQUAL(stack("stop postgres"), 0);
  auto t0 = std::chrono::steady_clock::now();
  json body;
  int status = 0;
  // The pool notices at the next use or idle check (every 5 s).
  while (seconds_since(t0) < 12) {
    auto res = get("/health");
    BOOST_REQUIRE(res);
    status = res->status;
    body = json::parse(res->body);
    if (status == 503)
      break;
    std::this_thread::sleep_for(200ms);
  }
  BOOST_TEST(status == 503);
  BOOST_TEST(body["checks"]["postgres"]["status"] == "fail");
  BOOST_TEST(body["checks"]["postgres"]["last_error"].is_string());
  BOOST_TEST(body["checks"]["mongodb"]["status"] == "pass");
  auto ready = get("/health/ready");
  BOOST_REQUIRE(ready);
  BOOST_TEST(ready->status == 503, "ready follows health");
  BOOST_TEST(json::parse(ready->body, nullptr, false)["checks"]["postgres"]["status"] == "fail");
  BOOST_TEST(status_of("/health/live") == 200);
  BOOST_REQUIRE_EQUAL(stack("start postgres"), 0);
  BOOST_TEST(wait_for_health(*this, 15) == 200, "postgres did not recover within 15 s");
  BOOST_TEST(status_of("/health/ready") == 200);
}

// SIGTERM drains: a write waiting on a frozen FerretDB when the signal comes still gets its
// answer, the 504 of its deadline (5 s, inside the 10 s shutdown grace), and the process
// exits 0. The write is shown to be in flight first: the MongoDB pool counts a worker in use.
BOOST_AUTO_TEST_CASE(sigterm_lets_an_in_flight_request_finish) {
  test_env::auth_fixture auth;
  const auto ada = auth.user();
  const test_env::api_client api(server.port());
  stack_guard thawed_first;  // before `auth` cleans up, whatever fails below
  BOOST_REQUIRE_EQUAL(api.get("/api/v1/sessions/current", ada.token).status, 200);  // cached: no PostgreSQL wait
  BOOST_REQUIRE_EQUAL(gauge("p2p_pool_in_use", "mongodb"), 0);
  test_env::signal_store("ferretdb", SIGSTOP);
  const auto t0 = std::chrono::steady_clock::now();
  auto write = std::async(std::launch::async, [&] {
    return api.post("/api/v1/forum/posts",
                    {{"title", "Written through a shutdown"}, {"content", "in flight"}, {"category", auth.run_id()},
                     {"tags", {"drain"}}},
                    ada.token);
  });
  // Polled every 20 ms; the write reaches a worker within milliseconds, 3 s is the deadline.
  while (gauge("p2p_pool_in_use", "mongodb") < 1 && seconds_since(t0) < 3)
    std::this_thread::sleep_for(20ms);
  BOOST_REQUIRE_MESSAGE(gauge("p2p_pool_in_use", "mongodb") >= 1, "the write never reached a MongoDB worker");
  server.signal(SIGTERM);
  auto r = write.get();
  const double took = seconds_since(t0);
  test_env::signal_store("ferretdb", SIGCONT);
  BOOST_REQUIRE_MESSAGE(r.status != 0, "the in-flight request was cut off");
  check_timeout(r, took, "the write in flight at SIGTERM");
  BOOST_TEST(server.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// The API fixture with the stack restored before the users are cleaned up (bases are destroyed
// in reverse order: stack_guard first).
struct outage : test_env::api_fixture, stack_guard {};

json new_post(const std::string& tag) {
  return {{"title", "Written while a store is down"}, {"content", "outage"}, {"category", tag}, {"tags", {tag}}};
}

json new_user(const std::string& tag) {
  return {{"email", "outage-" + tag + "@example.com"}, {"password", "outage-password-1"}, {"full_name", "Outage"}};
}

void check_unavailable(const test_env::api_response& r, const std::string& what) {
  test_env::check_error(r, 503, "dependency_unavailable", what);
  BOOST_TEST(!r.header("Retry-After").empty(), what);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(store_outages_e2e, outage, *boost::unit_test::label("stops_stores"))

// While FerretDB is down every PostgreSQL endpoint answers as usual (2xx), and the MongoDB ones
// answer 503 with Retry-After at once.
BOOST_AUTO_TEST_CASE(ferretdb_stopped_postgres_endpoints_keep_answering) {
  const auto ada = auth.user();
  const auto admin = auth.admin();
  BOOST_REQUIRE_EQUAL(stack("stop ferretdb"), 0);

  auto created = api.post("/api/v1/users", new_user(auth.run_id() + "-m"));
  BOOST_TEST(created.status == 201, created.body.dump());
  auto login = api.post("/api/v1/sessions", {{"email", "outage-" + auth.run_id() + "-m@example.com"},
                                              {"password", "outage-password-1"}});
  BOOST_TEST(login.status == 201, login.body.dump());
  BOOST_TEST(api.get("/api/v1/users/" + ada.id, ada.token).status == 200);
  BOOST_TEST(api.get("/api/v1/users?limit=5", admin.token).status == 200);
  BOOST_TEST(api.get("/api/v1/users/" + ada.id + "/sessions", ada.token).status == 200);
  BOOST_TEST(api.get("/api/v1/configs", admin.token).status == 200);
  if (created.status == 201)  // the user's own row goes; its profile removal is recorded for later
    BOOST_TEST(api.del("/api/v1/users/" + created.body["id"].get<std::string>(), admin.token).status == 204);

  check_unavailable(api.post("/api/v1/forum/posts", new_post(auth.run_id()), ada.token), "create post");
  check_unavailable(api.get("/api/v1/forum/posts", ada.token), "list posts");
  check_unavailable(api.get("/api/v1/users/" + ada.id + "/profile", ada.token), "profile");
}

// While PostgreSQL is down the MongoDB endpoints keep answering 2xx for a user whose session was
// seen before the outage (the session cache serves it until it expires), and the PostgreSQL
// ones answer 503 with Retry-After.
BOOST_AUTO_TEST_CASE(postgres_stopped_mongodb_endpoints_keep_answering) {
  const auto ada = auth.user();
  auto before = api.post("/api/v1/forum/posts", new_post(auth.run_id()), ada.token);
  // The token was validated (and cached) while this request ran, so no later than now.
  const auto validated_by = std::chrono::steady_clock::now();
  BOOST_REQUIRE_MESSAGE(before.status == 201, before.body.dump());
  const std::string post_id = before.body["id"];
  BOOST_REQUIRE_EQUAL(stack("stop postgres"), 0);

  // Every call below must come after the cache's 10 s freshness, so that the stale entry is
  // what serves them. The wait is for that moment itself (the validation plus 10 s, plus 0.5 s
  // for clock granularity), counted from the validation rather than from the stop.
  std::this_thread::sleep_until(validated_by + std::chrono::milliseconds(10500));
  auto during = api.post("/api/v1/forum/posts", new_post(auth.run_id()), ada.token);
  BOOST_TEST(during.status == 201, during.body.dump());
  BOOST_TEST(api.get("/api/v1/forum/posts/" + post_id, ada.token).status == 200);
  auto listed = api.get("/api/v1/forum/posts?category=" + auth.run_id(), ada.token);
  BOOST_TEST(listed.status == 200, listed.body.dump());
  BOOST_TEST(listed.body["items"].size() == 2u, listed.body.dump());
  auto reply = api.post("/api/v1/forum/posts/" + post_id + "/replies", {{"content", "still here"}}, ada.token);
  BOOST_TEST(reply.status == 201, reply.body.dump());
  BOOST_TEST(api.get("/api/v1/use-cases", ada.token).status == 200);
  auto profile = api.put("/api/v1/users/" + ada.id + "/profile", {{"display_name", "Ada"}, {"industry", "Energy"}},
                         ada.token);
  BOOST_TEST(profile.status == 201, profile.body.dump());

  check_unavailable(api.get("/api/v1/users/" + ada.id, ada.token), "read user");
  check_unavailable(api.post("/api/v1/users", new_user(auth.run_id() + "-p")), "register");
  check_unavailable(api.post("/api/v1/sessions", {{"email", ada.email}, {"password", "whatever-password"}}), "login");
  // An unknown token cannot be checked: 503, not 401.
  check_unavailable(api.get("/api/v1/forum/posts", test_env::another_token(ada.token)), "unknown token");
}

BOOST_AUTO_TEST_SUITE_END()
