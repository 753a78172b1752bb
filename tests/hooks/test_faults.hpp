// Faults for the supervision tests (tests/app/systemd_e2etest.cpp), built only into the
// p2p-backend-testable binary (tests/hooks/testable_main.cpp), never into p2p-backend. Armed by
// P2P_TEST_FAULT; with it set, that binary blocks SIGUSR1 and applies the fault at each SIGUSR1:
//
//   wedge-scheduler:MS    every CAF scheduler thread blocks for MS ms, as a handler that never
//                         returns would: actors stop answering, the HTTP threads still accept
//   wedge-front:MS        every HTTP request waits MS ms before routing, as stuck HTTP threads
//                         would (through the front's request gate, http/transport/request_gate.hpp)
//   crash-postgres-pool   the PostgreSQL pool is killed, and killed again after each restart,
//                         until its supervisor gives up (the process then exits 1)
//
// The faults reach the service through its seams (app/test_hooks.hpp) only.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <caf/all.hpp>

#include "app/test_hooks.hpp"
#include "storage/common/status.hpp"

namespace test_faults {

struct test_fault {
  enum class kind { wedge_scheduler, wedge_front, crash_postgres_pool } what;
  std::chrono::milliseconds hold{0};  // for the wedges
};

// `spec` (P2P_TEST_FAULT's value): the fault, or invalid when it names none above.
storage::result<test_fault> parse_test_fault(const std::string& spec);

// Holds every request that arrives while a hold lasts (and those already waiting) until it
// ends. Thread-safe.
class front_hold : public http::request_gate {
public:
  void hold_for(std::chrono::milliseconds d);
  void pass() override;

private:
  std::atomic<std::chrono::steady_clock::rep> held_until_{0};  // 0: not held
};

// The hooks: wait for SIGUSR1 on a thread of their own (from serving() to stopping()) and apply
// the fault each time. SIGUSR1 must be blocked in every thread before any starts.
class fault_hooks : public app::test_hooks {
public:
  explicit fault_hooks(test_fault fault);
  ~fault_hooks() override;
  fault_hooks(const fault_hooks&) = delete;
  fault_hooks& operator=(const fault_hooks&) = delete;

  std::shared_ptr<http::request_gate> request_gate() override;
  void pg_pool_spawned(const caf::actor& pool) override;
  void serving(caf::actor_system& sys) override;
  void stopping() override;

private:
  void apply();
  caf::actor current_pool();
  void crash_pool();

  test_fault fault_;
  std::shared_ptr<front_hold> hold_ = std::make_shared<front_hold>();
  caf::actor_system* sys_ = nullptr;
  std::mutex pool_mutex_;
  caf::actor pool_;  // guarded by pool_mutex_: the PostgreSQL pool's current incarnation
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace test_faults
