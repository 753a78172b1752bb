#include "cli/test_faults.hpp"

#include <csignal>
#include <cstdlib>
#include <pthread.h>

#include <spdlog/spdlog.h>

#include "http/front_hold.hpp"

namespace cli {

namespace {

using std::chrono::milliseconds;

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
  const auto until = std::chrono::steady_clock::now() + hold;
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

caf::actor current(current_child& c) {
  std::lock_guard<std::mutex> lock(c.mutex);
  return c.actor;
}

// Kills the pool until its supervisor stops restarting it: each kill waits (up to 5 s) for the
// successor, so every kill counts as one failure within the supervisor's window.
void crash_pool(current_child& pool) {
  for (int kills = 1; kills <= 10; ++kills) {
    auto victim = current(pool);
    if (!victim)
      return;
    spdlog::warn("test fault: killing the postgresql pool ({})", kills);
    caf::anon_send_exit(victim, caf::exit_reason::kill);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (current(pool) == victim && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(milliseconds(10));
    if (current(pool) == victim)
      return;  // no successor: the supervisor gave up
  }
}

}  // namespace

bool test_fault_requested() {
  const char* v = std::getenv("P2P_TEST_FAULT");
  return v && *v;
}

storage::result<std::optional<test_fault>> test_fault_from_environment() {
  if (!test_fault_requested())
    return std::optional<test_fault>{};
  const std::string spec = std::getenv("P2P_TEST_FAULT");
  if (spec == "crash-postgres-pool")
    return std::optional<test_fault>(test_fault{test_fault::kind::crash_postgres_pool, {}});
  if (auto hold = hold_of(spec, "wedge-scheduler:"))
    return std::optional<test_fault>(test_fault{test_fault::kind::wedge_scheduler, *hold});
  if (auto hold = hold_of(spec, "wedge-front:"))
    return std::optional<test_fault>(test_fault{test_fault::kind::wedge_front, *hold});
  return storage::status::invalid("P2P_TEST_FAULT: must be wedge-scheduler:MS, wedge-front:MS or crash-postgres-pool");
}

test_fault_trigger::test_fault_trigger(test_fault fault, caf::actor_system& sys, std::shared_ptr<current_child> pg_pool)
    : fault_(fault), sys_(sys), pg_pool_(std::move(pg_pool)) {
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

test_fault_trigger::~test_fault_trigger() {
  stop_ = true;
  pthread_kill(thread_.native_handle(), SIGUSR1);
  thread_.join();
}

void test_fault_trigger::apply() {
  switch (fault_.what) {
    case test_fault::kind::wedge_scheduler:
      wedge_scheduler(sys_, fault_.hold);
      break;
    case test_fault::kind::wedge_front:
      spdlog::warn("test fault: every HTTP request held for {} ms", fault_.hold.count());
      http::hold_front_for(fault_.hold);
      break;
    case test_fault::kind::crash_postgres_pool:
      crash_pool(*pg_pool_);
      break;
  }
}

}  // namespace cli
