// The HTTP front: cpp-httplib tuned as docs/dependencies.md says, routes that parse, ask an
// actor with a deadline and render. Thread-safe: start/stop may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/revocation_listener.hpp"
#include "http/http_settings.hpp"
#include "http/transport/request_gate.hpp"

namespace http {

// The actors the routes talk to (each documented in its own header under actors/).
struct backend {
  actors::health_actor health;
  actors::user_repository_actor users;                // PostgreSQL repositories
  actors::session_repository_actor sessions;
  actors::config_repository_actor configs;
  actors::profile_repository_actor profiles;          // MongoDB repositories
  actors::post_repository_actor posts;
  actors::reply_repository_actor replies;
  actors::use_case_repository_actor use_cases;
  actors::password_hasher_actor passwords;            // Argon2id on workers of their own
  caf::actor cleanup;                                // deletes a user in both stores (profile_cleanup)
  actors::pool_monitor_actor pg_pool, mongo_pool;    // for /metrics (stats_atom)
};

// The User-Agent of the service's own supervision probes (app/front_probe.hpp): their access
// lines on /health, /health/ready and /health/live are logged at debug, not info.
inline constexpr const char* supervision_probe_agent = "p2p-backend-supervisor";

class server {
public:
  // `gate`: the tests' seam (http/transport/request_gate.hpp), passed by every request before routing;
  // null (production): no gate and no per-request check.
  server(caf::actor_system& sys, http_settings settings, backend actors, auth_settings auth = {},
         std::shared_ptr<request_gate> gate = nullptr);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds the listening socket; false with `error` set when the address is taken or invalid.
  bool bind(std::string& error);
  // The bound port (useful with port 0).
  int port() const { return port_; }
  // Serves until stop(); in-flight requests finish before it returns.
  void run();
  // Stops accepting; run() returns once in-flight requests are done.
  void stop();

  // What the revocation listener tells the session cache (thread-safe).
  actors::revocation_events revocation_events();

private:
  class impl;
  std::unique_ptr<impl> impl_;
  int port_ = 0;
};

}  // namespace http
