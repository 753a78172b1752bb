// serve under a service manager, without one: the real binary with NOTIFY_SOCKET pointing at a
// datagram socket the test owns (tests/support/notify_socket.hpp), so the test sees exactly the
// datagrams systemd would. READY=1, STATUS=, WATCHDOG=1 at its cadence and not while the
// scheduler or the front is wedged (P2P_TEST_FAULT, tests/hooks/test_faults.hpp, in the
// p2p-backend-testable binary), not stopped by a store outage, STOPPING=1 on SIGTERM, and the
// exit codes.
//
// Timing: WATCHDOG_USEC is 2 s here, so a ping is due every 1 s and each probe may take 0.5 s;
// every bound below says what it allows for. Waits poll a condition with a deadline.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <memory>
#include <thread>

#include <httplib.h>

#include "storage/common/url.hpp"
#include "support/fault_proxy.hpp"
#include "support/free_port.hpp"
#include "support/notify_socket.hpp"
#include "support/pg_scratch.hpp"
#include "support/server_process.hpp"
#include "support/service_child.hpp"
#include "support/test_env.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using test_env::notify_socket;

double seconds(clock_type::duration d) { return std::chrono::duration<double>(d).count(); }

// Whatever the runner's own environment says about a service manager must not leak in.
const std::vector<std::string> manager_variables = {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
                                                    "JOURNAL_STREAM", "CREDENTIALS_DIRECTORY", "P2P_TEST_FAULT"};

const std::map<std::string, std::string> watchdog_2s = {{"WATCHDOG_USEC", "2000000"}, {"WATCHDOG_PID", "{pid}"}};

std::map<std::string, std::string> merged(std::map<std::string, std::string> a, const std::map<std::string, std::string>& b) {
  for (const auto& [k, v] : b)
    a[k] = v;
  return a;
}

int http_status(int port, const std::string& path, std::chrono::milliseconds timeout = 1000ms) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(timeout);
  c.set_read_timeout(timeout);
  auto r = c.Get(path.c_str());
  return r ? r->status : 0;
}

// The service run by a "manager": the test's notification socket, a free port.
struct supervised {
  notify_socket sock;
  int port = test_env::free_port();
  std::unique_ptr<test_env::service_child> child;

  explicit supervised(std::map<std::string, std::string> env, std::vector<std::string> args = {}) {
    env["NOTIFY_SOCKET"] = sock.path();
    env["P2P_HTTP_HOST"] = "127.0.0.1";
    env["P2P_HTTP_PORT"] = std::to_string(port);
    args.push_back("serve");
    child = std::make_unique<test_env::service_child>(args, env, manager_variables);
  }

  // READY=1 within 60 s (both stores connected, migrations checked, the front answering).
  notify_socket::message ready() {
    auto m = sock.wait_for_line("READY=1", 60000ms);
    BOOST_REQUIRE_MESSAGE(m, "no READY=1 within 60 s:\n" << child->log());
    return *m;
  }

  // Waits until at least `n` WATCHDOG=1 arrived, up to `limit`.
  std::vector<clock_type::time_point> pings(size_t n, std::chrono::milliseconds limit) {
    const auto until = clock_type::now() + limit;
    auto p = sock.times_of("WATCHDOG=1");
    while (p.size() < n && clock_type::now() < until) {
      std::this_thread::sleep_for(10ms);
      p = sock.times_of("WATCHDOG=1");
    }
    return p;
  }

  // SIGTERM: STOPPING=1 must arrive, then the process exits; its exit code.
  int stop() {
    child->signal(SIGTERM);
    BOOST_TEST(sock.wait_for_line("STOPPING=1", 20000ms).has_value(), "no STOPPING=1 after SIGTERM:\n" << child->log());
    return child->wait_exit(30000ms);
  }
};

// The watchdog stops pinging while `fault` (P2P_TEST_FAULT, held 5 s) wedges the process, and
// resumes when it ends; systemd would have restarted the process in between.
void pings_stop_while_wedged(const std::string& fault, const std::string& log_marker) {
  supervised s(merged(watchdog_2s, {{"P2P_TEST_FAULT", fault + ":5000"}}));
  s.ready();
  BOOST_REQUIRE_MESSAGE(s.pings(2, 5000ms).size() >= 2, "the watchdog must run before the fault:\n" << s.child->log());

  const auto t0 = clock_type::now();
  s.child->signal(SIGUSR1);
  // The fault's log line is a warning, flushed at once: the wedge began before we saw it.
  const auto seen = s.child->wait_for_log(log_marker, 3000ms);
  BOOST_REQUIRE_MESSAGE(seen, "the fault was not applied:\n" << s.child->log());
  BOOST_TEST(s.sock.wait_for_status("pings withheld", 4000ms).has_value(), "STATUS must say the pings are held");

  // The hold ends 5 s after the hook started (after t0); then a ping within 1 s + a probe.
  const auto end_of_hold = t0 + 5000ms;
  std::vector<clock_type::time_point> pings;
  for (const auto until = t0 + 10000ms; clock_type::now() < until;) {
    pings = s.sock.times_of("WATCHDOG=1");
    if (!pings.empty() && pings.back() > end_of_hold)
      break;
    std::this_thread::sleep_for(10ms);
  }
  BOOST_REQUIRE_MESSAGE(!pings.empty() && pings.back() > end_of_hold, "pings must resume after the hold:\n" << s.child->log());

  // A probe that began before the wedge may still succeed; one that began 0.6 s after it was
  // applied cannot (each probe gives up after 0.5 s). So: no ping from then to the hold's end.
  const auto quiet_from = *seen + 600ms;
  clock_type::time_point last_before{}, first_after{};
  for (auto p : pings) {
    BOOST_TEST(!(p > quiet_from && p < end_of_hold), "a ping " << seconds(p - t0) << " s after the fault began");
    if (p <= quiet_from)
      last_before = p;
    else if (first_after == clock_type::time_point{})
      first_after = p;
  }
  // The silence is longer than WATCHDOG_USEC (2 s): systemd would have aborted the process.
  BOOST_TEST(seconds(first_after - last_before) > 2.0, "gap " << seconds(first_after - last_before) << " s");
  BOOST_TEST(s.child->wait_for_log("pings resumed", 3000ms).has_value(), s.child->log());
  BOOST_TEST(s.stop() == 0, s.child->log());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(systemd_notify_e2e)

BOOST_AUTO_TEST_CASE(ready_comes_only_once_health_ready_passes) {
  supervised s(std::map<std::string, std::string>{});
  // Poll /health/ready from the start, every 20 ms, until five polls after READY=1.
  std::vector<std::pair<clock_type::time_point, int>> polls;
  std::optional<notify_socket::message> ready;
  int after_ready = 0;
  for (const auto until = clock_type::now() + 60000ms; clock_type::now() < until && after_ready < 5;) {
    const auto started = clock_type::now();
    polls.emplace_back(started, http_status(s.port, "/health/ready"));
    if (!ready)
      ready = s.sock.wait_for_line("READY=1", 0ms);
    if (ready && started > ready->at)
      ++after_ready;
    std::this_thread::sleep_for(20ms);
  }
  BOOST_REQUIRE_MESSAGE(ready, "no READY=1 within 60 s:\n" << s.child->log());
  int failed_before = 0;
  for (const auto& [at, status] : polls) {
    if (at > ready->at)
      BOOST_TEST(status == 200, "a /health/ready after READY=1 answered " << status);
    else if (status != 200)
      ++failed_before;
  }
  BOOST_TEST(after_ready == 5);
  BOOST_TEST(failed_before >= 1, "the poller must have seen the service not ready yet");

  // READY=1 carries a status a person can read, after the starting one.
  BOOST_TEST(ready->status() == "serving; postgres up; mongodb up");
  const auto all = s.sock.messages();
  BOOST_REQUIRE(!all.empty());
  BOOST_TEST(all.front().status().find("starting: connecting to postgresql and mongodb") == 0u, all.front().text);
  // The order of the log: migrations checked, the front bound, then READY=1.
  BOOST_REQUIRE(s.child->wait_for_log("systemd: READY=1", 3000ms));
  const auto log = s.child->log();
  const auto migrated = log.find("postgres schema is up to date");
  const auto serving = log.find("serving on http://127.0.0.1:");
  const auto notified = log.find("systemd: READY=1");
  BOOST_TEST(migrated < serving, log);
  BOOST_TEST(serving < notified, log);
  BOOST_TEST(s.stop() == 0, s.child->log());
}

BOOST_AUTO_TEST_CASE(no_ready_when_a_store_is_unreachable_and_the_exit_code_is_1) {
  const std::string cfg = "/tmp/p2p-notify-retry-" + std::to_string(::getpid()) + ".json";
  std::ofstream(cfg) << R"({"postgres": {"retry": {"startup_attempts": 2, "backoff_initial_ms": 50, "backoff_cap_ms": 100}}})";
  supervised s(std::map<std::string, std::string>{{"DATABASE_URL", "postgresql://p2p_user:x@127.0.0.1:1/p2p_sandbox"}},
               {"--config", cfg});
  const int code = s.child->wait_exit(30000ms);
  std::remove(cfg.c_str());
  BOOST_TEST(code == 1, s.child->log());
  BOOST_TEST(s.sock.times_of("READY=1").empty());
  BOOST_TEST(s.sock.wait_for_status("startup failed", 0ms).has_value());
}

BOOST_AUTO_TEST_CASE(without_migrate_on_start_ready_needs_every_migration_of_the_release) {
  const std::string cfg = "/tmp/p2p-notify-nomigrate-" + std::to_string(::getpid()) + ".json";
  std::ofstream(cfg) << R"({"postgres": {"migrate_on_start": false}})";
  {
    pg_test::scratch_schema behind(/*migrate=*/false);  // the release step was skipped
    supervised s(std::map<std::string, std::string>{{"DATABASE_URL", behind.url}}, {"--config", cfg});
    BOOST_TEST(s.child->wait_exit(30000ms) == 1, s.child->log());
    BOOST_TEST(s.sock.times_of("READY=1").empty());
    BOOST_TEST(s.child->log().find("the postgres schema lacks") != std::string::npos, s.child->log());
    BOOST_TEST(s.child->log().find("run `p2p-backend migrate up` first") != std::string::npos);
  }
  {
    pg_test::scratch_schema migrated;
    supervised s(std::map<std::string, std::string>{{"DATABASE_URL", migrated.url}}, {"--config", cfg});
    s.ready();
    BOOST_TEST(s.child->wait_for_log("postgres schema is up to date (checked; migrate_on_start is off)", 3000ms).has_value(),
               s.child->log());
    BOOST_TEST(s.stop() == 0, s.child->log());
  }
  {
    // A newer release migrated already (a rolling upgrade): this older binary still starts.
    pg_test::scratch_schema ahead;
    BOOST_REQUIRE(ahead.connect()
                      ->exec_script("INSERT INTO schema_migrations (version, name, checksum, applied_at, duration_ms, dirty) "
                                    "VALUES (9999, 'from_a_newer_release', 'x', now(), 0, false)")
                      .is_ok());
    supervised s(std::map<std::string, std::string>{{"DATABASE_URL", ahead.url}}, {"--config", cfg});
    s.ready();
    BOOST_TEST(s.child->wait_for_log("postgres schema is at version 9999, 1 ahead of this release", 3000ms).has_value(),
               s.child->log());
    BOOST_TEST(s.stop() == 0, s.child->log());
  }
  std::remove(cfg.c_str());
}

BOOST_AUTO_TEST_CASE(watchdog_pings_every_half_of_watchdog_usec) {
  supervised s(watchdog_2s);
  const auto ready = s.ready();
  const auto pings = s.pings(6, 12000ms);
  BOOST_REQUIRE_MESSAGE(pings.size() >= 6, "only " << pings.size() << " pings in 12 s:\n" << s.child->log());
  // The first probe runs at READY=1.
  BOOST_TEST(seconds(pings.front() - ready.at) < 1.0);
  std::vector<double> gaps;
  for (size_t i = 1; i < pings.size(); ++i)
    gaps.push_back(seconds(pings[i] - pings[i - 1]));
  for (double g : gaps) {
    // 1 s after the last success (minus 0.1 s for when the datagram was read), and always
    // under WATCHDOG_USEC, so systemd never fires; a failed probe costs 0.5 s + a 0.2 s retry.
    BOOST_TEST(g > 0.9);
    BOOST_TEST(g < 2.0);
  }
  std::sort(gaps.begin(), gaps.end());
  BOOST_TEST(gaps[gaps.size() / 2] < 1.3, "median gap " << gaps[gaps.size() / 2] << " s");
  // The probes' access lines are debug: the journal does not fill with them.
  BOOST_TEST(s.child->log().find("target=/health/live") == std::string::npos);
  BOOST_TEST(s.stop() == 0, s.child->log());
}

BOOST_AUTO_TEST_CASE(no_pings_when_the_watchdog_is_another_process_s) {
  supervised s(std::map<std::string, std::string>{{"WATCHDOG_USEC", "2000000"}, {"WATCHDOG_PID", "1"}});
  s.ready();
  // Three intervals with no ping: sd_watchdog_enabled() says the watchdog is not ours.
  BOOST_TEST(!s.sock.wait_for_line("WATCHDOG=1", 3000ms).has_value());
  BOOST_TEST(s.stop() == 0, s.child->log());
}

BOOST_AUTO_TEST_CASE(without_notify_socket_nothing_probes_the_front) {
  const int port = test_env::free_port();
  test_env::service_child child({"serve"},
                                {{"WATCHDOG_USEC", "1000000"}, {"P2P_HTTP_HOST", "127.0.0.1"}, {"P2P_HTTP_PORT", std::to_string(port)}},
                                manager_variables);
  bool up = false;
  for (const auto until = clock_type::now() + 60000ms; !up && clock_type::now() < until;) {
    up = http_status(port, "/health/live", 200ms) == 200;
    if (!up)
      std::this_thread::sleep_for(50ms);
  }
  BOOST_REQUIRE_MESSAGE(up, child.log());
  auto count_of = [&](const std::string& route) {
    httplib::Client c("127.0.0.1", port);
    auto r = c.Get("/metrics");
    BOOST_REQUIRE(r && r->status == 200);
    const auto key = "p2p_http_requests_total{route=\"" + route + "\",method=\"GET\",status=\"200\"} ";
    const auto at = r->body.find(key);
    return at == std::string::npos ? 0L : std::stol(r->body.substr(at + key.size()));
  };
  const long live = count_of("/health/live");
  // Five would-be watchdog intervals: the absence of probes is the point, so this waits on time.
  std::this_thread::sleep_for(2500ms);
  BOOST_TEST(count_of("/health/live") == live, "something probed /health/live without a NOTIFY_SOCKET");
  BOOST_TEST(count_of("/health/ready") == 0);
  BOOST_TEST(child.log().find("systemd") == std::string::npos, child.log());
  child.signal(SIGTERM);
  BOOST_TEST(child.wait_exit(30000ms) == 0);
}

BOOST_AUTO_TEST_CASE(a_wedged_scheduler_stops_the_pings) {
  pings_stop_while_wedged("wedge-scheduler", "scheduler threads wedged");
}

BOOST_AUTO_TEST_CASE(a_stuck_front_stops_the_pings) {
  pings_stop_while_wedged("wedge-front", "every HTTP request held");
}

BOOST_AUTO_TEST_CASE(a_store_outage_shows_in_status_and_never_stops_the_pings) {
  const auto pg = storage::parse_url(test_env::pg_url()).value();
  test_env::fault_proxy proxy(pg.port);
  const std::string url = "postgresql://" + pg.user + ":" + pg.password + "@127.0.0.1:" + std::to_string(proxy.port()) +
                          "/" + pg.database;
  supervised s(merged(watchdog_2s, {{"DATABASE_URL", url}}));
  s.ready();
  proxy.cut();
  const auto cut_at = clock_type::now();
  // STATUS is refreshed from /health every 5 s; the pool notices a dead link within seconds.
  auto down_status = [&](const notify_socket::message& m) {
    return m.at > cut_at && m.status().find("serving; postgres ") == 0 && m.status().find("postgres up") == std::string::npos;
  };
  std::optional<notify_socket::message> down;
  for (const auto until = cut_at + 20000ms; !down && clock_type::now() < until; std::this_thread::sleep_for(20ms))
    for (const auto& m : s.sock.messages())
      if (down_status(m))
        down = m;
  proxy.restore();
  BOOST_REQUIRE_MESSAGE(down, "no STATUS for the outage:\n" << s.child->log());
  BOOST_TEST_MESSAGE("outage status: " << down->status());
  const auto restored_at = clock_type::now();
  BOOST_TEST(s.sock.wait_for_status("serving; postgres up; mongodb up", 30000ms).has_value());
  std::optional<notify_socket::message> up;
  for (const auto until = restored_at + 30000ms; !up && clock_type::now() < until; std::this_thread::sleep_for(20ms))
    for (const auto& m : s.sock.messages())
      if (m.at > restored_at && m.status() == "serving; postgres up; mongodb up")
        up = m;
  BOOST_TEST(up.has_value(), "STATUS must say postgres is up again:\n" << s.child->log());
  // /health/live touches no store: the pings went on at their cadence all along.
  const auto pings = s.sock.times_of("WATCHDOG=1");
  int during = 0;
  for (size_t i = 1; i < pings.size(); ++i) {
    BOOST_TEST(seconds(pings[i] - pings[i - 1]) < 2.0);
    during += pings[i] > cut_at && pings[i] < down->at;
  }
  BOOST_TEST(seconds(clock_type::now() - pings.back()) < 2.0);
  BOOST_TEST_MESSAGE(during << " pings between the cut and its STATUS");
  BOOST_TEST(s.stop() == 0, s.child->log());
}

BOOST_AUTO_TEST_CASE(sigterm_sends_stopping_then_nothing_and_exits_0) {
  supervised s(watchdog_2s);
  s.ready();
  BOOST_REQUIRE(s.pings(1, 3000ms).size() >= 1);
  s.child->signal(SIGTERM);
  const auto stopping = s.sock.wait_for_line("STOPPING=1", 20000ms);
  BOOST_REQUIRE_MESSAGE(stopping, s.child->log());
  BOOST_TEST(stopping->status().find("stopping after SIGTERM; draining in-flight requests, up to 10 s") == 0u,
             stopping->status());
  BOOST_TEST(s.child->wait_exit(30000ms) == 0, s.child->log());
  // Nothing after STOPPING=1: no ping, no status (systemd stops the watchdog then anyway).
  const auto all = s.sock.messages();
  BOOST_TEST(all.back().has("STOPPING=1"), all.back().text);
}

BOOST_AUTO_TEST_CASE(a_supervisor_that_gives_up_stops_the_process_with_exit_code_1) {
  supervised s(merged(watchdog_2s, {{"P2P_TEST_FAULT", "crash-postgres-pool"}}));
  s.ready();
  s.child->signal(SIGUSR1);  // kills the PostgreSQL pool until its supervisor gives up (3 restarts in 10 s)
  const auto gave_up = s.sock.wait_for_status("giving up: postgresql pool failed 4 times", 20000ms);
  BOOST_TEST(gave_up.has_value(), s.child->log());
  const auto stopping = s.sock.wait_for_line("STOPPING=1", 20000ms);
  BOOST_REQUIRE_MESSAGE(stopping, s.child->log());
  BOOST_TEST(stopping->status().find("stopping after a failure: postgresql pool failed 4 times") == 0u,
             stopping->status());
  BOOST_TEST(s.child->wait_exit(30000ms) == 1, s.child->log());
}

BOOST_AUTO_TEST_CASE(bad_configuration_exits_2_without_a_notification) {
  for (const auto& env : std::vector<std::map<std::string, std::string>>{
           {{"DATABASE_URL_FILE", "/nonexistent/database-url"}},
           {{"P2P_LOG_LEVEL", "loud"}},
           {{"P2P_TEST_FAULT", "wedge-everything"}}}) {
    supervised s(env);
    BOOST_TEST(s.child->wait_exit(30000ms) == 2, env.begin()->first << ":\n" << s.child->log());
    BOOST_TEST(s.sock.messages().empty(), env.begin()->first);
  }
}

BOOST_AUTO_TEST_CASE(on_the_journal_lines_carry_their_priority_and_no_timestamp) {
  const std::string cfg = "/tmp/p2p-journal-retry-" + std::to_string(::getpid()) + ".json";
  std::ofstream(cfg) << R"({"postgres": {"retry": {"startup_attempts": 2, "backoff_initial_ms": 50, "backoff_cap_ms": 100}}})";
  const std::map<std::string, std::string> unreachable = {{"DATABASE_URL", "postgresql://p2p_user:x@127.0.0.1:1/p2p_sandbox"},
                                                          {"P2P_HTTP_PORT", std::to_string(test_env::free_port())}};
  // JOURNAL_STREAM naming the child's own stderr: the journal.
  test_env::service_child journal({"--config", cfg, "serve"}, merged(unreachable, {{"JOURNAL_STREAM", "{log_stream}"}}),
                                  manager_variables);
  BOOST_TEST(journal.wait_exit(30000ms) == 1);
  const auto j = journal.log();
  BOOST_TEST(j.find("<6>info  starting: postgres postgresql://p2p_user:***@127.0.0.1:1/p2p_sandbox") == 0u, j);
  BOOST_TEST(j.find("\n<4>warning postgres") != std::string::npos, j);
  BOOST_TEST(j.find("\n<3>error postgres migrations failed") != std::string::npos, j);
  BOOST_TEST(j.find("\n<2>critical postgresql:") != std::string::npos, j);
  BOOST_TEST(j.find(":x@") == std::string::npos);
  // Another stream's id (stderr redirected elsewhere): plain lines with their timestamp.
  test_env::service_child plain({"--config", cfg, "serve"}, merged(unreachable, {{"JOURNAL_STREAM", "1:1"}}), manager_variables);
  BOOST_TEST(plain.wait_exit(30000ms) == 1);
  const auto p = plain.log();
  std::remove(cfg.c_str());
  BOOST_TEST(p.find("<6>") == std::string::npos, p);
  BOOST_TEST(p.size() > 24);
  BOOST_TEST(p.substr(4, 1) == "-");   // 2025-...
  BOOST_TEST(p.substr(10, 1) == "T", p.substr(0, 40));
}

BOOST_AUTO_TEST_SUITE_END()
