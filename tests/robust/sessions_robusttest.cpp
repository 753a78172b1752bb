// Sessions and floods under attack: a revoked token is never re-cached, stale-if-error is
// bounded, floods of unknown tokens or registrations cannot take the pool or the HTTP threads,
// /health names error classes only, and every 5xx is logged with its request id and cause.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "storage/common/url.hpp"
#include "support/auth_fixture.hpp"
#include "support/fault_proxy.hpp"
#include "support/robust_fixture.hpp"
#include "support/test_env.hpp"

using namespace robust;
using nlohmann::json;

namespace {

using clock_type = std::chrono::steady_clock;

// A well-formed token nobody was ever given (43 base64url characters, zero padding bits).
std::string random_token(std::mt19937_64& rng) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string t;
  for (int i = 0; i < 42; ++i)
    t += alphabet[rng() % 64];
  return t + "A";
}

std::string auth_header(const std::string& token) { return "Authorization: Bearer " + token + "\r\n"; }

int get_status(int port, const std::string& path, const std::string& token, const std::string& extra = "") {
  return test_env::raw_request(port, test_env::simple_get(path, auth_header(token) + extra)).status;
}

// Registers and logs in over HTTP; the token.
std::string login_token(int port, const std::string& email) {
  test_env::api_client api(port);
  auto r = api.post("/api/v1/users", {{"email", email}, {"password", "correct horse battery"}, {"full_name", "Rob"}});
  BOOST_REQUIRE_MESSAGE(r.status == 201, "register: " << r.status << " " << r.body.dump());
  auto s = api.post("/api/v1/sessions", {{"email", email}, {"password", "correct horse battery"}});
  BOOST_REQUIRE_MESSAGE(s.status == 201, "login: " << s.status << " " << s.body.dump());
  return s.body["token"];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sessions_robust)

BOOST_AUTO_TEST_CASE(a_token_is_dead_after_its_logout_returns_whatever_validations_were_in_flight) {
  test_env::auth_fixture auth;  // cleans what the run's emails made
  const int port = port_of(via::direct);
  for (int trial = 0; trial < 10; ++trial) {
    const auto user = auth.user();  // a fresh token, never validated: every request below misses the cache
    std::atomic<bool> go{false}, stop{false};
    std::atomic<int> ok_before{0};
    std::vector<std::thread> hammer;
    for (int i = 0; i < 12; ++i)
      hammer.emplace_back([&] {
        while (!go) {
        }
        while (!stop)
          if (get_status(port, "/api/v1/users/" + user.id, user.token) == 200)
            ++ok_before;
      });
    go = true;
    const auto out = test_env::raw_request(
        port, "DELETE /api/v1/sessions/current HTTP/1.1\r\nHost: t\r\n" + auth_header(user.token) +
                  "Content-Length: 0\r\nConnection: close\r\n\r\n");
    BOOST_TEST_REQUIRE(out.status == 204, "trial " << trial << ": logout answered " << out.status);
    stop = true;
    for (auto& t : hammer)
      t.join();
    // Every request that starts after the logout returned must be refused.
    for (int k = 0; k < 20; ++k)
      BOOST_TEST_REQUIRE(get_status(port, "/api/v1/users/" + user.id, user.token) == 401,
                         "trial " << trial << ": the token worked after its logout (request " << k << ")");
  }
}

BOOST_AUTO_TEST_CASE(stale_if_error_is_bounded_and_health_shows_classes_not_driver_text) {
  private_service svc(json{{"auth", {{"session_cache_s", 1}, {"stale_if_error_s", 3}}}});
  const auto token = login_token(svc.port(), "robust-stale-" + std::to_string(::getpid()) + "@example.com");
  BOOST_REQUIRE_EQUAL(get_status(svc.port(), "/api/v1/forum/posts?limit=1", token), 200);
  const auto validated = clock_type::now();
  svc.proxy.cut();  // PostgreSQL unreachable for this service only

  // A MongoDB endpoint keeps working on the cached session while it is within stale_if_error
  // (3 s after its last validation), and never after: poll until the first refusal.
  int last_ok_ms = -1, first_refused_ms = -1, refused_status = 0;
  while (clock_type::now() - validated < 8s) {
    const int st = get_status(svc.port(), "/api/v1/forum/posts?limit=1", token);
    const int at = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - validated).count());
    if (st == 200) {
      last_ok_ms = at;
    } else {
      first_refused_ms = at;
      refused_status = st;
      break;
    }
  }
  BOOST_TEST(first_refused_ms > 0, "the cached session was honoured for 8 s with PostgreSQL down");
  BOOST_TEST(refused_status == 503);
  // 3 s of stale_if_error; + 1.5 s for the requests' own store deadline (a request that starts
  // just inside the window may take that long to be answered).
  BOOST_TEST(first_refused_ms <= 4500, "refused only " << first_refused_ms << " ms after the last validation");
  BOOST_TEST(last_ok_ms <= 3000 + 100, "honoured " << last_ok_ms << " ms after the last validation");

  // /health says what kind of failure, never where.
  const auto h = test_env::raw_request(svc.port(), test_env::simple_get("/health"));
  check_clean(h, "/health with PostgreSQL cut");
  BOOST_TEST(h.status == 503);
  const auto body = json::parse(h.body, nullptr, false);
  BOOST_TEST(body["checks"]["postgres"]["status"] == "fail");
  const std::string cls = body["checks"]["postgres"]["last_error"].is_string() ? body["checks"]["postgres"]["last_error"].get<std::string>() : "";
  BOOST_TEST((cls == "connection_refused" || cls == "connection_lost" || cls == "timeout"), "last_error " << cls);
  for (const char* leak : {"127.0.0.1", "port", "p2p_user", "connection to server", "\""  "FATAL"})
    BOOST_TEST(h.body.find(leak) == std::string::npos, "/health shows '" << leak << "': " << h.body);

  // A 5xx is logged once with the request id and its cause.
  const std::string rid = "robust-5xx-" + std::to_string(::getpid());
  const auto r = test_env::raw_request(svc.port(), test_env::simple_get("/api/v1/users?limit=1", auth_header(token) + "X-Request-Id: " + rid + "\r\n"));
  check_clean(r, "a PostgreSQL endpoint with PostgreSQL cut");
  BOOST_TEST(r.status == 503);
  BOOST_TEST(r.header("retry-after") != "");
  const auto log = svc.server->log();
  const auto line_at = log.find("request_id=" + rid + " status=503");
  BOOST_TEST(line_at != std::string::npos, "no 5xx line for " << rid);
  const auto line = log.substr(line_at, log.find('\n', line_at) - line_at);
  BOOST_TEST(line.find("cause=") != std::string::npos, line);
  BOOST_TEST(line.find("unavailable") != std::string::npos, line);
  BOOST_TEST(line.find("iiot123") == std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(a_flood_of_unknown_tokens_leaves_known_sessions_served) {
  test_env::auth_fixture auth;
  const auto user = auth.user();
  const int port = port_of(via::direct);
  BOOST_REQUIRE_EQUAL(get_status(port, "/api/v1/users/" + user.id, user.token), 200);  // now cached
  std::atomic<bool> stop{false};
  std::atomic<int> flood_answers{0}, flood_other{0};
  std::vector<std::thread> flood;
  for (int i = 0; i < 24; ++i)
    flood.emplace_back([&, i] {
      std::mt19937_64 rng(static_cast<uint64_t>(i) * 7919u + 1);
      while (!stop) {
        const int st = get_status(port, "/api/v1/users/" + user.id, random_token(rng));
        ++flood_answers;
        if (st != 401 && st != 429)
          ++flood_other;
      }
    });
  int legit_ok = 0, legit_total = 0;
  std::chrono::milliseconds worst{0};
  const auto until = clock_type::now() + 3s;
  while (clock_type::now() < until) {
    std::chrono::milliseconds took{0};
    const auto r = test_env::raw_request(port, test_env::simple_get("/api/v1/users/" + user.id, auth_header(user.token)), &took);
    ++legit_total;
    legit_ok += r.status == 200;
    worst = std::max(worst, took);
  }
  stop = true;
  for (auto& t : flood)
    t.join();
  BOOST_TEST(flood_answers.load() > 100, "the flood sent only " << flood_answers.load());
  BOOST_TEST(flood_other.load() == 0, "unknown tokens got answers other than 401/429");
  BOOST_TEST(legit_ok == legit_total, legit_ok << " of " << legit_total << " requests of a known session served");
  BOOST_TEST(worst.count() <= 1000, "a known session waited " << worst.count() << " ms during the flood");
}

BOOST_AUTO_TEST_CASE(a_registration_flood_gets_429_with_retry_after_and_never_blocks_the_http_threads) {
  private_service svc(json{{"auth", {{"max_pending_hashes", 2}}}});
  std::atomic<int> created{0}, refused{0}, other{0};
  std::atomic<int> in_flight{0}, finished{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> flood;
  const std::string run = std::to_string(::getpid());
  constexpr int threads = 30, per_thread = 3;
  for (int i = 0; i < threads; ++i)
    flood.emplace_back([&, i] {
      while (!go) {
      }
      for (int k = 0; k < per_thread; ++k) {
        const std::string body =
            json{{"email", "robust-flood-" + run + "-" + std::to_string(i) + "-" + std::to_string(k) + "@example.com"},
                 {"password", "correct horse battery"}, {"full_name", "F"}}.dump();
        ++in_flight;
        const auto r = test_env::raw_request(svc.port(), "POST /api/v1/users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                                         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                                             nullptr, "127.0.0.1", 10s);
        --in_flight;
        check_clean(r, "registration flood");
        if (r.status == 201)
          ++created;
        else if (r.status == 429 && r.header("retry-after") != "")
          ++refused;
        else
          ++other;
      }
      ++finished;
    });
  go = true;
  // While the flood runs, liveness answers at once: at most 2 HTTP threads wait on hashing.
  // Probes go back to back until the flood ends; a probe counts as "during the flood" when
  // registrations were in flight both when it started and when it ended.
  int during = 0, not_ok = 0;
  std::chrono::milliseconds worst{0};
  while (finished.load() < threads) {
    if (in_flight.load() == 0) {
      std::this_thread::yield();
      continue;
    }
    std::chrono::milliseconds took{0};
    const auto live = test_env::raw_request(svc.port(), test_env::simple_get("/health/live"), &took);
    if (in_flight.load() == 0)
      continue;
    ++during;
    not_ok += live.status != 200;
    worst = std::max(worst, took);
  }
  for (auto& t : flood)
    t.join();
  BOOST_TEST_MESSAGE("registration flood: " << during << " liveness probes during the flood, slowest " << worst.count()
                                            << " ms; " << created.load() << " created, " << refused.load() << " refused");
  BOOST_TEST(during >= 3, "only " << during << " liveness probes ran while registrations were in flight");
  BOOST_TEST(not_ok == 0, not_ok << " liveness probes during the flood were not 200");
  BOOST_TEST(worst.count() <= 500, "liveness took " << worst.count() << " ms during the flood");
  BOOST_TEST(refused.load() >= 1, "no registration was refused with 2 places for 30 at once");
  BOOST_TEST(created.load() >= 1);
  BOOST_TEST(other.load() == 0);
}

BOOST_AUTO_TEST_CASE(the_edge_limits_logins_and_registrations_per_address) {
  // 60 per minute with a burst of 20 per client address: 40 at once from one attacker address
  // see the edge's 429 (with Retry-After) before the service hashes anything for them.
  int limited = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string body = R"({"email":"nobody@example.com","password":"wrong password!"})";
    const auto r = test_env::raw_request(port_of(via::edge), "POST /api/v1/sessions HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                                             "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body,
                                         nullptr, "127.0.0.3", 10s);
    check_clean(r, "login flood");
    if (r.status == 429) {
      ++limited;
      BOOST_TEST(r.header("retry-after") != "");
    }
  }
  BOOST_TEST(limited >= 10, "only " << limited << " of 40 logins from one address were limited");
}

BOOST_AUTO_TEST_CASE(a_path_with_an_encoded_newline_cannot_forge_a_log_line) {
  const int port = port_of(via::direct);
  const auto r = test_env::raw_request(port, test_env::simple_get("/nothing%0A2026-01-01T00:00:00.000%20info%20forged"));
  BOOST_TEST(r.status == 404);
  // The access line is written after the answer is sent: polled (every 10 ms, 2 s deadline).
  std::string log = shared().server.log();
  for (auto until = std::chrono::steady_clock::now() + 2s;
       log.find("target=/nothing%0A2026") == std::string::npos && std::chrono::steady_clock::now() < until;
       log = shared().server.log())
    std::this_thread::sleep_for(10ms);
  BOOST_TEST(log.find("\n2026-01-01T00:00:00.000 info forged") == std::string::npos, "a forged line");
  BOOST_TEST(log.find("target=/nothing%0A2026") != std::string::npos, "the raw target is logged");
}

BOOST_AUTO_TEST_SUITE_END()
