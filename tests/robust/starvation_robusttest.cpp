// Hostile connections must never starve other clients: idle sockets, idle keep-alive
// connections, heads trickled a line at a time (slowloris) and bodies trickled a byte at a time,
// against the edge and against the service directly. While they are open, /health/live is
// probed from another address.
#include <algorithm>
#include <atomic>
#include <thread>

#include <signal.h>

#include "support/robust_fixture.hpp"

using namespace robust;
using test_env::raw_socket;

namespace {

enum class attack { idle_tcp, idle_keep_alive, slowloris, slow_body };

const char* name_of(attack a) {
  switch (a) {
    case attack::idle_tcp: return "idle TCP";
    case attack::idle_keep_alive: return "idle keep-alive";
    case attack::slowloris: return "slowloris";
    case attack::slow_body: return "slow body";
  }
  return "?";
}

// Opens `n` hostile connections of one kind; a trickler thread keeps the slow ones alive.
class attackers {
public:
  attackers(via v, attack a, int n) : kind_(a) {
    for (int i = 0; i < n; ++i) {
      raw_socket s;
      if (!s.connect(port_of(v), attacker))
        continue;
      switch (a) {
        case attack::idle_tcp: break;
        case attack::idle_keep_alive:
          s.send("GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n");
          s.read_response(2s);
          break;
        case attack::slowloris: s.send("GET /health/live HTTP/1.1\r\nHost: t\r\n"); break;
        case attack::slow_body:
          s.send("POST /api/v1/users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                 "Content-Length: 100000\r\n\r\n{");
          break;
      }
      sockets_.push_back(std::move(s));
    }
    opened_ = static_cast<int>(sockets_.size());
    trickler_ = std::thread([this] {
      while (!stop_) {
        for (auto& s : sockets_)
          if (kind_ == attack::slowloris)
            s.send("X-Slow: y\r\n", 50ms);
          else if (kind_ == attack::slow_body)
            s.send(" ", 50ms);
        for (int i = 0; i < 10 && !stop_; ++i)
          std::this_thread::sleep_for(50ms);  // pacing of the attack, not synchronisation
      }
    });
  }
  ~attackers() {
    stop_ = true;
    trickler_.join();
  }
  int opened() const { return opened_; }

private:
  attack kind_;
  std::vector<raw_socket> sockets_;
  int opened_ = 0;
  std::atomic<bool> stop_{false};
  std::thread trickler_;
};

// `n` probes, 100 ms apart, while the attack holds its connections.
std::vector<probe_result> probes(via v, int n = 10) {
  std::vector<probe_result> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(probe(v));
    std::this_thread::sleep_for(100ms);  // spacing of the probes, not synchronisation
  }
  return out;
}

std::chrono::milliseconds slowest(const std::vector<probe_result>& ps) {
  std::chrono::milliseconds m{0};
  for (const auto& p : ps)
    m = std::max(m, p.took);
  return m;
}

// Through the edge every probe answers 200 within 100 ms: nginx holds hostile connections
// without a thread each, so the probe never waits behind them. 100 ms is some 50 times the
// probe's usual time through the edge on this machine; the bound allows a busy CI core.
void check_through_edge(attack a, int n) {
  const auto before = probe(via::edge);
  BOOST_REQUIRE_EQUAL(before.status, 200);
  {
    attackers hold(via::edge, a, n);
    BOOST_TEST_REQUIRE(hold.opened() == n, name_of(a) << ": opened " << hold.opened() << " of " << n);
    const auto ps = probes(via::edge);
    for (const auto& p : ps)
      BOOST_TEST(p.status == 200, name_of(a) << " x" << n << " via the edge: probe answered " << p.status);
    BOOST_TEST(slowest(ps).count() <= 100, name_of(a) << " x" << n << " via the edge: slowest probe " << slowest(ps).count() << " ms");
  }
  check_alive(name_of(a));
}

// Directly, the service has 64 threads: a crowd of hostile connections may hold them for a
// moment, but every probe gets an answer (a fast 503 at worst, never a wait without end), and
// once a second has passed the probes are served again: while connections wait, the service
// cuts idle clients at once and heads or bodies still arriving after 1 s, and refuses what
// waited in its queue over 1 s. Twenty probes span two seconds; the last five (1.5-2 s in)
// must be served. A refusal is measured: a 503 that finds the queue full comes within 100 ms
// (some 50 times its usual time here); one that waited out its 1 s in the queue within 1.1 s.
// A 200 may have waited in the queue, so up to 2 s.
void check_direct(attack a, int n) {
  attackers hold(via::direct, a, n);
  BOOST_TEST_REQUIRE(hold.opened() == n, name_of(a) << ": opened " << hold.opened() << " of " << n);
  const auto ps = probes(via::direct, 20);
  int served = 0;
  for (const auto& p : ps) {
    BOOST_TEST((p.status == 200 || p.status == 503), name_of(a) << " x" << n << " direct: probe answered " << p.status);
    if (p.status == 503)
      BOOST_TEST((p.took.count() <= 100 || (p.took.count() >= 1000 && p.took.count() <= 1100)),
                 name_of(a) << " x" << n << " direct: a refusal took " << p.took.count()
                            << " ms: neither at once (queue full) nor after its 1 s in the queue");
    else
      BOOST_TEST(p.took.count() <= 2000, name_of(a) << " x" << n << " direct: a probe waited " << p.took.count() << " ms");
    served += p.status == 200;
  }
  int late_served = 0;
  for (size_t i = ps.size() - 5; i < ps.size(); ++i)
    late_served += ps[i].status == 200;
  BOOST_TEST(late_served >= 4, name_of(a) << " x" << n << " direct: only " << late_served << " of the last 5 probes served");
  (void)served;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(starvation_robust)

BOOST_AUTO_TEST_CASE(idle_sockets_and_slowloris_together_leave_the_edge_answering_within_100_ms) {
  const auto before = probe(via::edge);
  BOOST_REQUIRE_EQUAL(before.status, 200);
  {
    attackers idle(via::edge, attack::idle_tcp, 100);
    attackers slow(via::edge, attack::slowloris, 200);
    BOOST_TEST_REQUIRE(idle.opened() + slow.opened() == 300);
    const auto ps = probes(via::edge);
    for (const auto& p : ps)
      BOOST_TEST(p.status == 200);
    BOOST_TEST(slowest(ps).count() <= 100, "slowest probe " << slowest(ps).count() << " ms");
  }
  check_alive("idle + slowloris");
}

BOOST_AUTO_TEST_CASE(idle_tcp_connections_through_the_edge) { check_through_edge(attack::idle_tcp, 100); }
BOOST_AUTO_TEST_CASE(idle_keep_alive_connections_through_the_edge) { check_through_edge(attack::idle_keep_alive, 100); }
BOOST_AUTO_TEST_CASE(slowloris_through_the_edge) { check_through_edge(attack::slowloris, 200); }
BOOST_AUTO_TEST_CASE(slow_bodies_through_the_edge) { check_through_edge(attack::slow_body, 100); }

BOOST_AUTO_TEST_CASE(idle_tcp_connections_directly) { check_direct(attack::idle_tcp, 100); }
BOOST_AUTO_TEST_CASE(idle_keep_alive_connections_directly) { check_direct(attack::idle_keep_alive, 100); }
BOOST_AUTO_TEST_CASE(slowloris_directly) { check_direct(attack::slowloris, 200); }
BOOST_AUTO_TEST_CASE(slow_bodies_directly) {
  check_direct(attack::slow_body, 100);
  check_alive("slow bodies directly");
}

BOOST_AUTO_TEST_CASE(connections_past_the_threads_and_the_queue_get_a_fast_503_with_retry_after) {
  // 64 threads and (here) 16 places in the queue: of 200 connections opened at once (in a few
  // milliseconds, well within the 100 ms a silent connection keeps its place), the ones that
  // find both full are answered 503 at once instead of waiting.
  private_service svc(nlohmann::json{{"http", {{"max_waiting_connections", 16}}}});
  std::vector<raw_socket> crowd(200);
  for (auto& s : crowd)
    BOOST_REQUIRE(s.connect(svc.port(), attacker));
  // The refusal's latency, measured: while the crowd holds the threads and the queue, a client
  // that connects and asks is answered 503 within 100 ms (some 50 times its usual time here),
  // not after a wait. Probes go one after another until one is refused (at most 20).
  std::chrono::milliseconds refusal{-1};
  for (int i = 0; i < 20 && refusal.count() < 0; ++i) {
    std::chrono::milliseconds took{0};
    const auto r = test_env::raw_request(svc.port(), test_env::simple_get("/health/live"), &took, attacker, 2s);
    if (r.status == 503)
      refusal = took;
  }
  BOOST_TEST_MESSAGE("admission: a refused client got its 503 in " << refusal.count() << " ms");
  BOOST_TEST(refusal.count() >= 0, "no probe was refused while 200 connections held 64 threads and 16 places");
  BOOST_TEST(refusal.count() <= 100, "a refusal took " << refusal.count() << " ms: not a fast 503");
  int refused = 0;
  for (auto& s : crowd) {
    const auto r = s.read_response(20ms);
    if (r.status == 0)
      continue;  // still held (served or queued), or cut without an answer
    check_clean(r, "admission");
    BOOST_TEST(r.status == 503);
    BOOST_TEST(r.header("retry-after") == "1");
    BOOST_TEST(r.body.find("\"overloaded\"") != std::string::npos, r.body);
    ++refused;
  }
  BOOST_TEST(refused >= 1, "none of 200 connections was refused");
  BOOST_TEST(refused <= 200 - 64, "refused " << refused << ": the 64 threads serve their connections");
  crowd.clear();
  BOOST_TEST(test_env::raw_request(svc.port(), test_env::simple_get("/health/live")).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
