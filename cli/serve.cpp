// `p2p-backend serve`: brings up the actor system and the HTTP front, stops on a signal.
#include <atomic>
#include <csignal>
#include <pthread.h>
#include <thread>

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/health.hpp"
#include "actors/system_config.hpp"
#include "cli/commands.hpp"
#include "http/server.hpp"
#include "storage/url.hpp"

namespace cli {

static sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void block_stop_signals() {
  sigset_t set = stop_signal_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int serve(const config::settings& s) {
  sigset_t stop_signals = stop_signal_set();

  caf::actor_system_config cfg;
  actors::configure_actor_system(cfg);
  caf::actor_system sys{cfg};
  auto health = sys.spawn(actors::health);

  http::server front(sys, s.http, http::backend{health});
  std::string error;
  if (!front.bind(error)) {
    spdlog::critical("cannot start the HTTP front: {}", error);
    caf::anon_send_exit(health, caf::exit_reason::user_shutdown);
    return 1;
  }
  spdlog::info("serving on http://{}:{} (postgres {}, mongodb {})", s.http.host, front.port(),
               storage::redact_url(s.postgres.url), storage::redact_url(s.mongodb.url));

  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (signalled.exchange(true))
      return;  // woken by run() returning on its own
    spdlog::info("received {}, stopping: in-flight requests may finish", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    front.stop();
  });
  front.run();
  // run() returned without a signal only when listening failed: wake the waiter.
  if (!signalled.exchange(true))
    pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();

  caf::anon_send_exit(health, caf::exit_reason::user_shutdown);
  spdlog::info("stopped");
  return 0;
}

}  // namespace cli
