// Health and shutdown while a store is down or frozen: the real binary, the real stores, and
// scripts/stack to stop, start, freeze (SIGSTOP) and thaw (SIGCONT) them. Every test leaves the
// stores running, even when an assertion fails.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <future>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/actor_fixture.hpp"
#include "support/server_process.hpp"

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string stack = std::string(P2P_SOURCE_DIR) + "/scripts/stack";

int store_pid(const char* store) {
  std::string out;
  FILE* p = ::popen((stack + " pid " + store).c_str(), "r");
  char buf[64] = {0};
  if (p && std::fgets(buf, sizeof buf, p))
    out = buf;
  if (p)
    ::pclose(p);
  return out.empty() ? 0 : std::stoi(out);
}

// Restores the stack whatever the test did to it.
struct stack_guard {
  ~stack_guard() {
    if (int pid = store_pid("ferretdb"); pid > 0)
      ::kill(pid, SIGCONT);
    test_env::shell(stack + " start >/dev/null");
  }
};

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
  BOOST_REQUIRE_EQUAL(test_env::shell(stack + " stop postgres >/dev/null"), 0);
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
  BOOST_REQUIRE_EQUAL(test_env::shell(stack + " start postgres >/dev/null"), 0);
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
