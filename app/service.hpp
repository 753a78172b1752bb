// The running service as an object: `p2p-backend serve` builds one and runs it (cli/serve.cpp).
//
//   start()  probes the listen address, connects, checks and migrates both stores (side by side,
//            each with its retries), takes the shared cursor key, spawns the actor graph under
//            its supervisors (app/actor_graph.hpp) and binds the HTTP front.
//   ready()  starts the revocation listener and the supervision threads (READY=1, STATUS=, the
//            watchdog: app/watchdog.hpp) and logs "serving on".
//   serve()  runs the front on the calling thread until SIGINT/SIGTERM (or a supervisor that
//            gives up, which sends SIGTERM to this process), then drains.
//   drain()  STOPPING=1, stops accepting, and waits up to http.shutdown_grace for in-flight
//            requests; past it the process ends at once (exit 0, or 1 after a give-up).
//   stop()   stops the actors (pools last) and the listener.
//
// run() does all of them in order and returns the exit code: 0 after a clean stop, 1 when a
// store stayed away or a supervisor gave up, 2 on bad configuration or a taken address.
// Stop signals must be blocked in every thread (block_stop_signals) before any thread starts.
// One service per process; not thread-safe (run it from main's thread).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <caf/all.hpp>

#include "app/actor_graph.hpp"
#include "app/test_hooks.hpp"
#include "config/settings.hpp"

namespace http {
class server;
}

namespace app {

class supervision;

// Blocks SIGINT and SIGTERM in the calling thread and so in every thread it starts later; call
// it before any thread starts (the logger's flusher included) so that only the service's signal
// thread receives them.
void block_stop_signals();

class service {
public:
  // `hooks`: the tests' seams (app/test_hooks.hpp), nullptr in production; must outlive run().
  explicit service(config::settings s, test_hooks* hooks = nullptr);
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  // Everything in order; the process exit code.
  int run();

  // 0 when the front is bound and the service may serve, else the exit code (1 or 2).
  int start();
  void ready();
  // Until a stop signal and the drain after it.
  void serve();
  // The exit code: 1 after a supervisor gave up, else 0.
  int stop();

private:
  void drain(int sig);
  std::string stopping_status(int sig) const;
  actors::escalation escalate_to_process();

  config::settings settings_;   // as configured
  config::settings resolved_;   // as startup found it (pooler mode, cursor key)
  test_hooks* hooks_;
  bool hooks_serving_ = false;

  // Set when a supervisor gives up: the process then exits non-zero so that an outer
  // supervisor (systemd, Kubernetes) restarts it.
  std::atomic<bool> escalated_{false};
  mutable std::mutex escalation_mutex_;
  std::string escalation_reason_;  // guarded by escalation_mutex_
  std::atomic<bool> drained_{false};

  // Destroyed in reverse: the threads and the front before the actors and their system.
  std::unique_ptr<caf::actor_system_config> cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  actor_graph graph_;
  std::unique_ptr<http::server> front_;
  caf::actor listener_;
  std::unique_ptr<supervision> notifier_;
};

}  // namespace app
