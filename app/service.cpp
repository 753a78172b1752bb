#include "app/service.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <future>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "actors/revocation_listener.hpp"
#include "actors/system_config.hpp"
#include "app/startup.hpp"
#include "app/systemd_notify.hpp"
#include "app/watchdog.hpp"
#include "http/server.hpp"
#include "storage/common/url.hpp"

namespace app {

namespace {

sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
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

// Why startup stopped, for STATUS=, and its exit code: bad configuration 2, anything else 1.
int startup_failed(bool config, const char* otherwise) {
  systemd::status(config ? "startup failed: bad configuration (see the log)" : otherwise);
  return config ? 2 : 1;
}

}  // namespace

void block_stop_signals() {
  sigset_t set = stop_signal_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

service::service(config::settings s, test_hooks* hooks) : settings_(std::move(s)), resolved_(settings_), hooks_(hooks) {}

service::~service() = default;

int service::run() {
  if (const int code = start(); code != 0)
    return code;
  ready();
  serve();
  return stop();
}

int service::start() {
  const auto& s = settings_;
  // A peer that vanishes (a killed database backend, a client that hung up) must cost an EPIPE
  // on that socket, never the process.
  std::signal(SIGPIPE, SIG_IGN);
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
    return startup_failed(config, "startup failed: a store is unreachable or refused the connection (see the log)");
  }
  resolved_.postgres = pg.value();  // the pooler mode as startup found it
  if (auto key = resolve_cursor_key(resolved_); !key.is_ok()) {
    spdlog::critical("postgresql: {}", key.to_string());
    return startup_failed(key.error_code() == storage::code::invalid,
                          "startup failed: the shared cursor key could not be read (see the log)");
  }

  cfg_ = std::make_unique<caf::actor_system_config>();
  actors::configure_actor_system(*cfg_);
  sys_ = std::make_unique<caf::actor_system>(*cfg_);
  pool_observer observe;
  if (hooks_)
    observe = [hooks = hooks_](const caf::actor& pool) { hooks->pg_pool_spawned(pool); };
  graph_ = spawn_actor_graph(*sys_, resolved_, mongo_clients.value(), escalate_to_process(), std::move(observe));

  // With the cursor key startup found.
  front_ = std::make_unique<http::server>(*sys_, s.http, graph_.backend, resolved_.auth,
                                          hooks_ ? hooks_->request_gate() : nullptr);
  std::string error;
  if (!front_->bind(error)) {
    // A taken address is a deployment mistake, not a passing fault: exit 2 like bad
    // configuration, so a supervisor does not restart into the same wall.
    spdlog::critical("cannot start the HTTP front: {}", error);
    for (auto& a : graph_.owned)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    return 2;
  }
  return 0;
}

void service::ready() {
  const auto& pg = resolved_.postgres;
  // Revocations made through other instances (or straight in PostgreSQL) reach the session
  // cache through LISTEN, on a direct connection. Through a transaction pooler without a
  // direct URL, LISTEN cannot work: this instance then hears only its own revocations.
  if (pg.pooler == storage::pg_pooler::none || !pg.direct_url.empty()) {
    actors::listener_settings ls{pg.direct(), pg.connect_timeout, pg.retry, {}};
    listener_ = sys_->spawn<caf::detached>(actors::revocation_listener, ls, front_->revocation_events());
    graph_.owned.push_back(listener_);
  }
  spdlog::info("serving on http://{}:{}", settings_.http.host, front_->port());
  // READY=1, STATUS= and the watchdog when a service manager listens (app/watchdog.hpp).
  notifier_ = std::make_unique<supervision>(settings_.http.host, front_->port());
  notifier_->start();
  if (hooks_) {
    hooks_->serving(*sys_);
    hooks_serving_ = true;
  }
}

void service::serve() {
  sigset_t stop_signals = stop_signal_set();
  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (signalled.exchange(true))
      return;  // woken by run() returning on its own
    drain(sig);
  });
  front_->run();
  drained_ = true;
  // run() returned without a signal only when listening failed: wake the waiter.
  if (!signalled.exchange(true))
    pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
}

void service::drain(int sig) {
  const auto grace = settings_.http.shutdown_grace;
  spdlog::info("received {}, stopping: in-flight requests get up to {} s", sig == SIGTERM ? "SIGTERM" : "SIGINT",
               grace.count());
  notifier_->stopping(stopping_status(sig));
  front_->stop();
  // Bounded drain: cpp-httplib waits for in-flight requests and idle keep-alive connections;
  // past the grace period the process ends without waiting further.
  const auto until = std::chrono::steady_clock::now() + grace;
  while (!drained_ && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!drained_) {
    spdlog::warn("requests still in flight after {} s; exiting without them", grace.count());
    spdlog::default_logger()->flush();
    std::_Exit(escalated_ ? 1 : 0);
  }
}

int service::stop() {
  // Close the pools: the supervisors pass the exit to the pools, which end their workers.
  for (auto& a : graph_.owned)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  if (listener_) {  // it calls into the front's session cache: it must end before the front does
    caf::scoped_actor waiter{*sys_};
    waiter->wait_for(listener_);
  }
  if (hooks_serving_) {
    hooks_->stopping();
    hooks_serving_ = false;
  }
  spdlog::info("stopped");
  return escalated_ ? 1 : 0;
}

// STATUS= of STOPPING=1: why, and how long the drain may take.
std::string service::stopping_status(int sig) const {
  std::string why = sig == SIGTERM ? "SIGTERM" : "SIGINT";
  if (escalated_) {
    std::lock_guard<std::mutex> lock(escalation_mutex_);
    why = "a failure: " + escalation_reason_;
  }
  return "stopping after " + why + "; draining in-flight requests, up to " +
         std::to_string(settings_.http.shutdown_grace.count()) + " s";
}

actors::escalation service::escalate_to_process() {
  return [this](const std::string& why) {
    spdlog::critical("giving up: {}; shutting down with a failure status", why);
    {
      std::lock_guard<std::mutex> lock(escalation_mutex_);
      escalation_reason_ = why;
    }
    escalated_ = true;
    systemd::status("giving up: " + why);
    ::kill(::getpid(), SIGTERM);
  };
}

}  // namespace app
