// Shared pieces of the robustness suite (label `robust`, docs/testing.md): one service with
// its private edge for the whole binary, attackers on their own loopback addresses, and the
// checks every answer must pass (no 5xx but 503/504, nothing leaked in a body).
#pragma once

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/edge_process.hpp"
#include "support/fault_proxy.hpp"
#include "support/raw_client.hpp"
#include "support/server_process.hpp"

namespace robust {

using namespace std::chrono_literals;
using test_env::raw_response;

// Attack traffic comes from here; probes from 127.0.0.1, which the edge trusts (not limited).
inline const std::string attacker = "127.0.0.2";

struct service_and_edge {
  test_env::server_process server;
  test_env::edge_process edge;
};

// Started on first use and kept for the binary; a failed start fails the calling test.
service_and_edge& shared();

// Where a probe or an attack goes.
enum class via { edge, direct };
inline const char* name_of(via v) { return v == via::edge ? "edge" : "direct"; }
int port_of(via v);

// The checks every answer of the suite passes: a status (0 only when `allow_no_answer`),
// never a 5xx other than 503/504, and a body with no stack trace, SQL, file path, store URL
// or password in it.
void check_clean(const raw_response& r, const std::string& what, bool allow_no_answer = false);

// GET /health/live on a new connection from 127.0.0.1; the answer and its time.
struct probe_result {
  int status = 0;
  std::chrono::milliseconds took{0};
};
probe_result probe(via v, std::chrono::milliseconds limit = 3s);

// The service is alive and answers /health/live directly and through the edge.
void check_alive(const std::string& what);

// A service of its own for one test: `settings` (a configuration document, e.g.
// {"auth": {...}}) over the defaults, and PostgreSQL reached through a fault proxy the test can
// cut. A failed start fails the test.
struct private_service {
  explicit private_service(const nlohmann::json& settings);
  ~private_service();
  int port() const { return server->port(); }

  test_env::fault_proxy proxy;
  std::string config_path;
  std::unique_ptr<test_env::server_process> server;
};

}  // namespace robust
