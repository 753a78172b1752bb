// Three instances behind a private edge, through the stack's PgBouncer in transaction mode, each
// with a direct connection for the revocation listener (label `cluster`; docs/scale-out.md).
// Every answer of the suite is recorded: none may be a 500.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <signal.h>

#include <nlohmann/json.hpp>

#include "storage/mongodb/mongo_collections.hpp"
#include "support/auth_fixture.hpp"
#include "support/edge_process.hpp"
#include "support/fault_books.hpp"
#include "support/mongo_scratch.hpp"
#include "support/raw_client.hpp"
#include "support/server_process.hpp"
#include "support/stack_control.hpp"
#include "support/test_env.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;

namespace {

std::map<std::string, std::string> instance_env(int port = 0) {
  std::map<std::string, std::string> env{{"DATABASE_URL", test_env::pgbouncer_url()},
                                         {"DATABASE_DIRECT_URL", test_env::pg_url()},
                                         {"P2P_PG_INSTANCES", "3"}};
  if (port != 0)
    env["P2P_HTTP_PORT"] = std::to_string(port);  // a restart comes back on its old port
  return env;
}

struct cluster {
  std::vector<std::unique_ptr<test_env::server_process>> instances;
  test_env::edge_process edge;

  cluster() {
    std::vector<int> ports;
    for (int i = 0; i < 3; ++i) {
      instances.push_back(std::make_unique<test_env::server_process>(instance_env()));
      BOOST_REQUIRE_MESSAGE(instances.back()->start(), "instance " << i + 1 << ": " << instances.back()->log());
      ports.push_back(instances.back()->port());
    }
    std::string error;
    BOOST_REQUIRE_MESSAGE(edge.start(ports, error), error);
  }
  int port(int i) const { return instances[i]->port(); }
};

// Statuses seen by the suite's requests, to assert that none was a 500.
struct status_book {
  std::mutex m;
  std::map<int, int> counts;
  void add(int status) {
    std::lock_guard<std::mutex> lock(m);
    ++counts[status];
  }
  std::string text() {
    std::lock_guard<std::mutex> lock(m);
    return faults::statuses_text(counts);
  }
  // No 5xx but 503/504, except `allowed_502` answers of 502: the edge's for requests that were
  // on an instance when it died (a POST that reached it is not retried elsewhere: it may have
  // been applied).
  void check_no_500(const std::string& what, int allowed_502 = 0) {
    std::lock_guard<std::mutex> lock(m);
    for (auto [s, n] : counts) {
      if (s == 502 && n <= allowed_502)
        continue;
      BOOST_TEST((s < 500 || s == 503 || s == 504), what << ": " << n << " answers of " << s);
    }
  }
};

int status_of(int port, const std::string& request, status_book& book) {
  const auto r = test_env::raw_request(port, request);
  book.add(r.status);
  return r.status;
}

std::string auth(const std::string& token) { return "Authorization: Bearer " + token + "\r\n"; }

std::string with_body(const std::string& method, const std::string& path, const std::string& token, const json& body) {
  const auto text = body.dump();
  return method + " " + path + " HTTP/1.1\r\nHost: t\r\n" + (token.empty() ? "" : auth(token)) +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(text.size()) +
         "\r\nConnection: close\r\n\r\n" + text;
}

// Polls every instance directly until `token` is refused; the slowest instance's delay.
std::chrono::milliseconds revocation_delay(const cluster& c, const std::string& user_id, const std::string& token,
                                           clock_type::time_point done, status_book& book) {
  std::chrono::milliseconds worst{0};
  for (size_t i = 0; i < c.instances.size(); ++i) {
    for (;;) {
      const int st = status_of(c.port(static_cast<int>(i)), test_env::simple_get("/api/v1/users/" + user_id, auth(token)), book);
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - done);
      if (st == 401) {
        worst = std::max(worst, waited);
        break;
      }
      if (waited > 5s) {
        BOOST_ERROR("instance " << i + 1 << " still accepts the revoked token after 5 s (answer " << st << ")");
        worst = std::max(worst, waited);
        break;
      }
    }
  }
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster_suite)

BOOST_AUTO_TEST_CASE(the_api_works_through_the_balancer_and_every_instance_serves) {
  cluster c;
  status_book book;
  test_env::auth_fixture auth_rows;
  const auto email = "cluster-" + auth_rows.run_id() + "@example.com";
  const int edge = c.edge.port();
  BOOST_TEST(status_of(edge, with_body("POST", "/api/v1/users", "",
                                       {{"email", email}, {"password", "correct horse battery"}, {"full_name", "C"}}),
                       book) == 201);
  const auto login = test_env::raw_request(edge, with_body("POST", "/api/v1/sessions", "",
                                                           {{"email", email}, {"password", "correct horse battery"}}));
  BOOST_REQUIRE_EQUAL(login.status, 201);
  const auto session = json::parse(login.body);
  const std::string token = session["token"], id = session["user"]["id"];
  for (int i = 0; i < 30; ++i)  // round robin: every instance takes some of these
    BOOST_TEST(status_of(edge, test_env::simple_get("/api/v1/users/" + id, auth(token)), book) == 200);
  BOOST_TEST(status_of(edge, with_body("POST", "/api/v1/forum/posts", token,
                                       {{"title", "Cluster post"}, {"content", "through the edge"},
                                        {"category", "cluster-" + auth_rows.run_id()}, {"tags", json::array()}}),
                       book) == 201);
  BOOST_TEST(status_of(edge, test_env::simple_get("/api/v1/forum/posts?category=cluster-" + auth_rows.run_id(), auth(token)),
                       book) == 200);
  BOOST_TEST(status_of(edge, "DELETE /api/v1/users/" + id + " HTTP/1.1\r\nHost: t\r\n" + auth(token) + "Connection: close\r\n\r\n",
                       book) == 204);
  // The edge's log names the instance of each request: all three served.
  std::set<std::string> upstreams;
  for (int tries = 0; tries < 40 && upstreams.size() < 3; ++tries) {  // the log is flushed every second
    upstreams.clear();
    const auto log = c.edge.access_log();
    for (size_t i = 0; i < c.instances.size(); ++i)
      if (log.find("\"upstream\":\"127.0.0.1:" + std::to_string(c.port(static_cast<int>(i))) + "\"") != std::string::npos)
        upstreams.insert(std::to_string(i));
    std::this_thread::sleep_for(100ms);  // poll interval of the flushed log
  }
  BOOST_TEST(upstreams.size() == 3u, "instances seen in the edge's log: " << upstreams.size());
  book.check_no_500("essentials");
}

BOOST_AUTO_TEST_CASE(a_revocation_through_one_instance_is_refused_by_every_instance_within_a_second) {
  cluster c;
  status_book book;
  test_env::auth_fixture fixture;
  const auto admin = fixture.admin();
  struct revocation {
    const char* name;
    int through;  // the instance that makes it
    std::function<std::string(const test_env::test_user&)> request;
  };
  const std::vector<revocation> kinds = {
      {"logout", 0, [](const test_env::test_user& u) {
         return "DELETE /api/v1/sessions/current HTTP/1.1\r\nHost: t\r\n" + auth(u.token) + "Connection: close\r\n\r\n"; }},
      {"password set by an admin", 1, [&](const test_env::test_user& u) {
         return with_body("PATCH", "/api/v1/users/" + u.id, admin.token, {{"password", "a brand new password"}}); }},
      {"deactivation", 2, [&](const test_env::test_user& u) {
         return with_body("PATCH", "/api/v1/users/" + u.id, admin.token, {{"is_active", false}}); }},
      {"role change", 0, [&](const test_env::test_user& u) {
         return with_body("PATCH", "/api/v1/users/" + u.id, admin.token, {{"role", "admin"}}); }},
      {"deletion", 1, [&](const test_env::test_user& u) {
         return "DELETE /api/v1/users/" + u.id + " HTTP/1.1\r\nHost: t\r\n" + auth(admin.token) + "Connection: close\r\n\r\n"; }},
  };
  for (const auto& k : kinds) {
    const auto user = fixture.user();
    // Every instance validates the token once, so each holds it in its cache (10 s fresh).
    for (size_t i = 0; i < c.instances.size(); ++i)
      BOOST_REQUIRE_EQUAL(status_of(c.port(static_cast<int>(i)), test_env::simple_get("/api/v1/users/" + user.id, auth(user.token)), book), 200);
    const int st = status_of(c.port(k.through), k.request(user), book);
    BOOST_REQUIRE_MESSAGE(st == 200 || st == 204, k.name << " answered " << st);
    const auto delay = revocation_delay(c, user.id, user.token, clock_type::now(), book);
    BOOST_TEST_MESSAGE(k.name << ": refused everywhere after " << delay.count() << " ms");
    BOOST_TEST(delay.count() <= 1000, k.name << ": an instance honoured the token for " << delay.count() << " ms");
  }
  book.check_no_500("revocations");
}

BOOST_AUTO_TEST_CASE(killing_an_instance_under_write_load_loses_no_acknowledged_write_and_it_rejoins) {
  cluster c;
  status_book book;
  test_env::auth_fixture fixture;
  const auto writer = fixture.user();
  const int edge = c.edge.port();
  std::mutex m;
  std::vector<std::string> acked;
  std::atomic<bool> stop{false};
  std::atomic<int> n{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w)
    writers.emplace_back([&] {
      while (!stop) {
        const auto title = "kill-test " + fixture.run_id() + " " + std::to_string(n++);
        const auto r = test_env::raw_request(edge, with_body("POST", "/api/v1/forum/posts", writer.token,
                                                             {{"title", title}, {"content", "x"}, {"category", "cluster-kill"},
                                                              {"tags", json::array()}}));
        book.add(r.status);
        if (r.status == 201) {
          std::lock_guard<std::mutex> lock(m);
          acked.push_back(json::parse(r.body)["id"]);
        }
      }
    });
  std::this_thread::sleep_for(2s);  // load before the fault (pacing, not synchronisation)
  const int victim_port = c.port(1);
  BOOST_REQUIRE(c.instances[1]->pid() > 0);
  BOOST_REQUIRE(::kill(c.instances[1]->pid(), SIGKILL) == 0);
  // The edge stops sending to the dead instance within seconds: three refused connects within
  // fail_timeout (10 s) take it out. Its log is flushed every second, so a slice of it taken
  // 3 to 5 s after the kill holds requests of that time: none may name the dead instance.
  std::this_thread::sleep_for(3s);  // the edge's own pace: refusals, then max_fails
  const auto before = c.edge.access_log().size();
  std::this_thread::sleep_for(2s);  // still dead: the slice of the log to look at
  const auto slice = c.edge.access_log().substr(before);
  const std::string victim = "127.0.0.1:" + std::to_string(victim_port);
  BOOST_TEST(slice.find(victim) == std::string::npos, "3-5 s after the kill the edge still tried the dead instance");
  BOOST_TEST(slice.find("\"status\":201") != std::string::npos, "no write succeeded 3-5 s after the kill");
  auto replacement = std::make_unique<test_env::server_process>(instance_env(victim_port));
  BOOST_REQUIRE_MESSAGE(replacement->start(), "restart on port " << victim_port << ": " << replacement->log());
  const auto restarted = clock_type::now();
  // It rejoins: the edge sends it requests again once fail_timeout (10 s) has passed.
  bool rejoined = false;
  while (!rejoined && clock_type::now() - restarted < 20s) {
    rejoined = replacement->log().find("method=POST target=/api/v1/forum/posts status=201") != std::string::npos;
    if (!rejoined)
      std::this_thread::sleep_for(200ms);  // poll interval
  }
  stop = true;
  for (auto& t : writers)
    t.join();
  BOOST_TEST(rejoined, "the restarted instance got no write within 20 s");
  // Every acknowledged write is there: all of them looked up in MongoDB at once (posts of this
  // suite's category; earlier runs' posts may be there too), the latest 25 over the API as well.
  const auto stored =
      mongo_test::scratch(test_env::settings().mongodb).ids_where(storage::posts_collection, "category", "cluster-kill");
  int missing = 0;
  for (const auto& id : acked)
    missing += stored.count(id) == 0 ? 1 : 0;
  for (size_t i = acked.size() > 25 ? acked.size() - 25 : 0; i < acked.size(); ++i) {
    const auto r = test_env::raw_request(edge, test_env::simple_get("/api/v1/forum/posts/" + acked[i], auth(writer.token)));
    BOOST_TEST(r.status == 200, "acknowledged post " << acked[i] << " over the API: " << r.status);
  }
  BOOST_TEST(acked.size() > 50u, "only " << acked.size() << " writes were acknowledged");
  BOOST_TEST(missing == 0, missing << " of " << acked.size() << " acknowledged posts are gone");
  BOOST_TEST_MESSAGE("kill test: " << acked.size() << " acknowledged, statuses " << book.text());
  // At most one POST per writer was on the victim when it died: the edge answers those 502.
  book.check_no_500("kill -9", static_cast<int>(writers.size()));
  c.instances[1] = std::move(replacement);
}

// It restarts the stack's PgBouncer, which other suites use: never beside them.
BOOST_AUTO_TEST_CASE(a_pgbouncer_restart_is_survived, *boost::unit_test::label("stops_stores")) {
  cluster c;
  status_book book;
  test_env::auth_fixture fixture;
  const auto user = fixture.user();
  const int edge = c.edge.port();
  // The token is cached everywhere: authentication alone would not show PgBouncer's absence,
  // so the probe asks for the user (a PostgreSQL read through PgBouncer) each time.
  BOOST_REQUIRE_EQUAL(status_of(edge, test_env::simple_get("/api/v1/users/" + user.id, auth(user.token)), book), 200);
  BOOST_REQUIRE_EQUAL(test_env::stack("stop pgbouncer"), 0);
  const int during = status_of(edge, test_env::simple_get("/api/v1/users/" + user.id, auth(user.token)), book);
  BOOST_TEST((during == 503 || during == 504), "with PgBouncer stopped: " << during);
  BOOST_REQUIRE_EQUAL(test_env::stack("start pgbouncer"), 0);
  const auto back = clock_type::now();
  int st = 0;
  while (st != 200 && clock_type::now() - back < 15s)
    st = status_of(edge, test_env::simple_get("/api/v1/users/" + user.id, auth(user.token)), book);
  BOOST_TEST(st == 200, "after PgBouncer came back: " << st);
  BOOST_TEST_MESSAGE("served again " << std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - back).count()
                                     << " ms after PgBouncer restarted");
  book.check_no_500("PgBouncer restart");
}

BOOST_AUTO_TEST_CASE(a_connection_budget_over_the_servers_limit_refuses_to_start) {
  std::string out;
  const int code = test_env::run_binary({"serve"}, out, {{"P2P_PG_INSTANCES", "1000"}, {"P2P_PG_POOLER", "none"},
                                                        {"P2P_HTTP_PORT", "0"}});
  BOOST_TEST(code == 2, out);
  BOOST_TEST(out.find("connection budget") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
