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
#include "support/server_process.hpp"
#include "support/stack_control.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

using test_env::stack;
using test_env::stack_guard;
using test_env::store_pid;

struct served : stack_guard {
  test_env::server_process server;
  served() { BOOST_REQUIRE_MESSAGE(server.start(), server.log()); }
  httplib::Result get(const std::string& path) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(10, 0);
    return c.Get(path);
  }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(store_faults_e2e, served)

BOOST_AUTO_TEST_CASE(health_answers_within_two_seconds_while_ferretdb_is_frozen) {
  BOOST_REQUIRE(get("/health")->status == 200);
  int pid = store_pid("ferretdb");
  BOOST_REQUIRE(pid > 0);
  BOOST_REQUIRE(::kill(pid, SIGSTOP) == 0);
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto res = get("/health");
    double took = seconds_since(t0);
    BOOST_REQUIRE(res);
    BOOST_TEST(took < 2.0, "took " << took << " s");
    BOOST_TEST(res->status == 503);
    BOOST_TEST(res->has_header("Retry-After"));
    auto body = json::parse(res->body);
    BOOST_TEST(body["checks"]["mongodb"]["status"] == "fail");
    BOOST_TEST(body["checks"]["postgres"]["status"] == "pass");
    BOOST_TEST(get("/health/live")->status == 200);
  }
  ::kill(pid, SIGCONT);
  // Recovers without a restart of the service: within the backoff cap (10 s) plus a little.
  auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  while (seconds_since(t0) < 15 && status != 200) {
    status = get("/health")->status;
    std::this_thread::sleep_for(200ms);
  }
  BOOST_TEST(status == 200, "mongodb did not recover within 15 s");
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
  BOOST_TEST(get("/health/live")->status == 200);
  BOOST_REQUIRE_EQUAL(stack("start postgres"), 0);
  t0 = std::chrono::steady_clock::now();
  while (seconds_since(t0) < 15 && status != 200) {
    status = get("/health")->status;
    std::this_thread::sleep_for(200ms);
  }
  BOOST_TEST(status == 200, "postgres did not recover within 15 s");
}

BOOST_AUTO_TEST_CASE(sigterm_lets_an_in_flight_request_finish) {
  int pid = store_pid("ferretdb");
  BOOST_REQUIRE(pid > 0);
  BOOST_REQUIRE(::kill(pid, SIGSTOP) == 0);  // makes /health take its full per-store timeout
  auto slow = std::async(std::launch::async, [this] { return get("/health"); });
  std::this_thread::sleep_for(300ms);
  server.signal(SIGTERM);
  auto res = slow.get();
  ::kill(pid, SIGCONT);
  BOOST_REQUIRE_MESSAGE(res, "the in-flight request was cut off");
  BOOST_TEST((res->status == 200 || res->status == 503));
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

BOOST_FIXTURE_TEST_SUITE(store_outages_e2e, outage)

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
  BOOST_REQUIRE_MESSAGE(before.status == 201, before.body.dump());
  const std::string post_id = before.body["id"];
  BOOST_REQUIRE_EQUAL(stack("stop postgres"), 0);

  // Every call below sits past the cache's 10 s freshness: the stale entry must still serve.
  std::this_thread::sleep_for(std::chrono::seconds(11));
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
  check_unavailable(api.get("/api/v1/forum/posts", "x" + ada.token.substr(1)), "unknown token");
}

BOOST_AUTO_TEST_SUITE_END()
