#include "hooks/test_faults.hpp"

#include <csignal>
#include <cstdlib>
#include <pthread.h>

#include <spdlog/spdlog.h>

namespace test_faults {

namespace {

using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

std::optional<milliseconds> hold_of(const std::string& spec, const std::string& prefix) {
  if (spec.rfind(prefix, 0) != 0)
    return std::nullopt;
  const auto digits = spec.substr(prefix.size());
  char* end = nullptr;
  const long long n = std::strtoll(digits.c_str(), &end, 10);
  if (digits.empty() || *end != '\0' || n < 1 || n > 600000)
    return std::nullopt;
  return milliseconds(n);
}

// Blocks every scheduler thread until `until`: one blocking actor per worker (a blocked worker
// cannot run a second one, so the n blockers land on n workers).
void wedge_scheduler(caf::actor_system& sys, milliseconds hold) {
  const auto until = clock_type::now() + hold;
  const auto workers = sys.scheduler().num_workers();
  for (size_t i = 0; i < workers; ++i) {
    auto blocker = sys.spawn([until](caf::event_based_actor* self) -> caf::behavior {
      return {[self, until](int) {
        std::this_thread::sleep_until(until);
        self->quit();
      }};
    });
    caf::anon_send(blocker, 0);
  }
  spdlog::warn("test fault: {} scheduler threads wedged for {} ms", workers, hold.count());
}

}  // namespace

storage::result<test_fault> parse_test_fault(const std::string& spec) {
  if (spec == "crash-postgres-pool")
    return test_fault{test_fault::kind::crash_postgres_pool, {}};
  if (auto hold = hold_of(spec, "wedge-scheduler:"))
    return test_fault{test_fault::kind::wedge_scheduler, *hold};
  if (auto hold = hold_of(spec, "wedge-front:"))
    return test_fault{test_fault::kind::wedge_front, *hold};
  return storage::status::invalid("P2P_TEST_FAULT: must be wedge-scheduler:MS, wedge-front:MS or crash-postgres-pool");
}

void front_hold::hold_for(milliseconds d) { held_until_ = (clock_type::now() + d).time_since_epoch().count(); }

void front_hold::pass() {
  // Polled, not signalled: this only runs in the supervision tests, where a held thread is the point.
  while (clock_type::now().time_since_epoch().count() < held_until_.load())
    std::this_thread::sleep_for(milliseconds(10));
}

fault_hooks::fault_hooks(test_fault fault) : fault_(fault) {}

fault_hooks::~fault_hooks() { stopping(); }

std::shared_ptr<http::request_gate> fault_hooks::request_gate() {
  if (fault_.what == test_fault::kind::wedge_front)
    return hold_;
  return nullptr;
}

void fault_hooks::pg_pool_spawned(const caf::actor& pool) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_ = pool;
}

void fault_hooks::serving(caf::actor_system& sys) {
  sys_ = &sys;
  spdlog::warn("P2P_TEST_FAULT is set: SIGUSR1 applies a test fault (never set it in production)");
  thread_ = std::thread([this] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    for (;;) {
      int sig = 0;
      sigwait(&set, &sig);
      if (stop_)
        return;
      apply();
    }
  });
}

void fault_hooks::stopping() {
  if (!thread_.joinable())
    return;
  stop_ = true;
  pthread_kill(thread_.native_handle(), SIGUSR1);
  thread_.join();
}

void fault_hooks::apply() {
  switch (fault_.what) {
    case test_fault::kind::wedge_scheduler:
      wedge_scheduler(*sys_, fault_.hold);
      break;
    case test_fault::kind::wedge_front:
      spdlog::warn("test fault: every HTTP request held for {} ms", fault_.hold.count());
      hold_->hold_for(fault_.hold);
      break;
    case test_fault::kind::crash_postgres_pool:
      crash_pool();
      break;
  }
}

caf::actor fault_hooks::current_pool() {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  return pool_;
}

// Kills the pool until its supervisor stops restarting it: each kill waits (up to 5 s) for the
// successor, so every kill counts as one failure within the supervisor's window.
void fault_hooks::crash_pool() {
  for (int kills = 1; kills <= 10; ++kills) {
    auto victim = current_pool();
    if (!victim)
      return;
    spdlog::warn("test fault: killing the postgresql pool ({})", kills);
    caf::anon_send_exit(victim, caf::exit_reason::kill);
    const auto until = clock_type::now() + std::chrono::seconds(5);
    while (current_pool() == victim && clock_type::now() < until)
      std::this_thread::sleep_for(milliseconds(10));
    if (current_pool() == victim)
      return;  // no successor: the supervisor gave up
  }
}

}  // namespace test_faults
