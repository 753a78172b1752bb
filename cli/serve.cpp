// `p2p-backend serve`: connects, checks and migrates both stores, brings up the actors under
// supervisors and the HTTP front, and stops cleanly on SIGINT/SIGTERM.
#include <atomic>
#include <csignal>
#include <future>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <thread>

#include <spdlog/spdlog.h>

#include "actors/revocation_listener.hpp"
#include "actors/supervisor.hpp"
#include "actors/system_config.hpp"
#include "cli/actor_graph.hpp"
#include "cli/commands.hpp"
#include "cli/startup.hpp"
#include "cli/systemd_notify.hpp"
#include "cli/test_faults.hpp"
#include "cli/watchdog.hpp"
#include "http/server.hpp"
#include "storage/common/url.hpp"

namespace cli {

namespace {

sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Set when a supervisor gives up: the process then exits non-zero so that an outer supervisor
// (systemd, Kubernetes) restarts it.
std::atomic<bool> escalated{false};
std::mutex escalation_mutex;
std::string escalation_reason;  // guarded by escalation_mutex

actors::escalation escalate_to_process() {
  return [](const std::string& why) {
    spdlog::critical("giving up: {}; shutting down with a failure status", why);
    {
      std::lock_guard<std::mutex> lock(escalation_mutex);
      escalation_reason = why;
    }
    escalated = true;
    systemd::status("giving up: " + why);
    ::kill(::getpid(), SIGTERM);
  };
}

// STATUS= of STOPPING=1: why, and how long the drain may take.
std::string stopping_status(int sig, std::chrono::seconds grace) {
  std::string why = sig == SIGTERM ? "SIGTERM" : "SIGINT";
  if (escalated) {
    std::lock_guard<std::mutex> lock(escalation_mutex);
    why = "a failure: " + escalation_reason;
  }
  return "stopping after " + why + "; draining in-flight requests, up to " + std::to_string(grace.count()) + " s";
}

// Whether host:port (IPv4) can be bound right now, checked before the stores are connected so
// a taken address fails in milliseconds, not after startup. Other hosts are left to the bind.
bool address_taken(const http::http_settings& h) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(h.port));
  if (h.port == 0 || h.reuse_port || ::inet_pton(AF_INET, h.host.c_str(), &addr.sin_addr) != 1)
    return false;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return false;
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  const bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno == EADDRINUSE;
  ::close(fd);
  return taken;
}

}  // namespace

void block_stop_signals() {
  sigset_t set = stop_signal_set();
  if (test_fault_requested())
    sigaddset(&set, SIGUSR1);  // for cli/test_faults.hpp's thread only
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int serve(const config::settings& s) {
  // A peer that vanishes (a killed database backend, a client that hung up) must cost an EPIPE
  // on that socket, never the process.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals = stop_signal_set();
  auto fault = test_fault_from_environment();
  if (!fault.is_ok()) {
    spdlog::critical("{}", fault.get_status().message());
    return 2;
  }
  if (address_taken(s.http)) {
    spdlog::critical("cannot start the HTTP front: {}:{} is already in use by another process; stop it, or set "
                     "http.reuse_port to share the port on purpose",
                     s.http.host, s.http.port);
    return 2;
  }
  spdlog::info("starting: postgres {}, mongodb {}", storage::redact_url(s.postgres.url),
               storage::redact_url(s.mongodb.url));
  spdlog::info("secrets: postgres.url from {}, postgres.direct_url from {}, mongodb.url from {}, cursor key {}",
               s.secrets.postgres_url, s.secrets.postgres_direct_url, s.secrets.mongodb_url, s.secrets.cursor_key);
  systemd::status("starting: connecting to postgresql and mongodb, checking migrations");

  // Both stores come up side by side; each retries on its own schedule.
  auto pg_started = std::async(std::launch::async, [&] { return start_postgres(s.postgres); });
  auto mongo_started = std::async(std::launch::async, [&] { return start_mongodb(s.mongodb); });
  auto pg = pg_started.get();
  auto mongo_clients = mongo_started.get();
  if (!pg.is_ok() || !mongo_clients.is_ok()) {
    if (!pg.is_ok())
      spdlog::critical("postgresql: {}", pg.get_status().to_string());
    if (!mongo_clients.is_ok())
      spdlog::critical("mongodb: {}", mongo_clients.get_status().to_string());
    // A budget or URL that cannot work is configuration (2); a store that stayed away is 1.
    const bool config = (!pg.is_ok() && pg.get_status().error_code() == storage::code::invalid) ||
                        (!mongo_clients.is_ok() && mongo_clients.get_status().error_code() == storage::code::invalid);
    systemd::status(config ? "startup failed: bad configuration (see the log)"
                           : "startup failed: a store is unreachable or refused the connection (see the log)");
    return config ? 2 : 1;
  }
  config::settings resolved = s;
  resolved.postgres = pg.value();  // the pooler mode as startup found it
  if (auto key = resolve_cursor_key(resolved); !key.is_ok()) {
    spdlog::critical("postgresql: {}", key.to_string());
    const bool config = key.error_code() == storage::code::invalid;
    systemd::status(config ? "startup failed: bad configuration (see the log)"
                           : "startup failed: the shared cursor key could not be read (see the log)");
    return config ? 2 : 1;
  }

  caf::actor_system_config cfg;
  actors::configure_actor_system(cfg);
  caf::actor_system sys{cfg};
  auto graph = spawn_actor_graph(sys, resolved, mongo_clients.value(), escalate_to_process());
  auto stop_actors = [&graph] {
    for (auto& a : graph.owned)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  };

  http::server front(sys, s.http, graph.backend, resolved.auth);  // with the cursor key startup found
  std::string error;
  if (!front.bind(error)) {
    // A taken address is a deployment mistake, not a passing fault: exit 2 like bad
    // configuration, so a supervisor does not restart into the same wall.
    spdlog::critical("cannot start the HTTP front: {}", error);
    stop_actors();
    return 2;
  }
  // Revocations made through other instances (or straight in PostgreSQL) reach the session
  // cache through LISTEN, on a direct connection. Through a transaction pooler without a
  // direct URL, LISTEN cannot work: this instance then hears only its own revocations.
  caf::actor listener;
  if (resolved.postgres.pooler == storage::pg_pooler::none || !resolved.postgres.direct_url.empty()) {
    actors::listener_settings ls{resolved.postgres.direct(), resolved.postgres.connect_timeout, resolved.postgres.retry, {}};
    listener = sys.spawn<caf::detached>(actors::revocation_listener, ls, front.revocation_events());
    graph.owned.push_back(listener);
  }
  spdlog::info("serving on http://{}:{}", s.http.host, front.port());
  // READY=1, STATUS= and the watchdog when a service manager listens (cli/watchdog.hpp).
  supervision notifier(s.http.host, front.port());
  notifier.start();
  std::optional<test_fault_trigger> faults;
  if (fault.value())
    faults.emplace(*fault.value(), sys, graph.pg_pool_child);

  std::atomic<bool> signalled{false};
  std::atomic<bool> drained{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (signalled.exchange(true))
      return;  // woken by run() returning on its own
    spdlog::info("received {}, stopping: in-flight requests get up to {} s", sig == SIGTERM ? "SIGTERM" : "SIGINT",
                 s.http.shutdown_grace.count());
    notifier.stopping(stopping_status(sig, s.http.shutdown_grace));
    front.stop();
    // Bounded drain: cpp-httplib waits for in-flight requests and idle keep-alive connections;
    // past the grace period the process ends without waiting further.
    auto until = std::chrono::steady_clock::now() + s.http.shutdown_grace;
    while (!drained && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!drained) {
      spdlog::warn("requests still in flight after {} s; exiting without them", s.http.shutdown_grace.count());
      spdlog::default_logger()->flush();
      std::_Exit(escalated ? 1 : 0);
    }
  });
  front.run();
  drained = true;
  // run() returned without a signal only when listening failed: wake the waiter.
  if (!signalled.exchange(true))
    pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();

  // Close the pools: the supervisors pass the exit to the pools, which end their workers.
  stop_actors();
  if (listener) {  // it calls into the front's session cache: it must end before the front does
    caf::scoped_actor waiter{sys};
    waiter->wait_for(listener);
  }
  spdlog::info("stopped");
  return escalated ? 1 : 0;
}

}  // namespace cli
