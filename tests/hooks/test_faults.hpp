// Faults for the supervision tests only (tests/cli/systemd_e2etest.cpp), armed by the
// environment variable P2P_TEST_FAULT; never set it in production. With it set, serve blocks
// SIGUSR1 and applies the fault at each SIGUSR1:
//
//   wedge-scheduler:MS    every CAF scheduler thread blocks for MS ms, as a handler that never
//                         returns would: actors stop answering, the HTTP threads still accept
//   wedge-front:MS        every HTTP request waits MS ms before routing, as stuck HTTP threads
//                         would (http/front_hold.hpp)
//   crash-postgres-pool   the PostgreSQL pool is killed, and killed again after each restart,
//                         until its supervisor gives up (the process then exits 1)
//
// Unset, SIGUSR1 keeps its default action and nothing here runs.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <caf/all.hpp>

#include "cli/actor_graph.hpp"
#include "storage/common/status.hpp"

namespace cli {

struct test_fault {
  enum class kind { wedge_scheduler, wedge_front, crash_postgres_pool } what;
  std::chrono::milliseconds hold{0};  // for the wedges
};

// P2P_TEST_FAULT: nullopt when unset; invalid (serve exits 2) when it names no fault above.
storage::result<std::optional<test_fault>> test_fault_from_environment();

// Whether P2P_TEST_FAULT is set at all (main blocks SIGUSR1 before any thread starts then).
bool test_fault_requested();

// Waits for SIGUSR1 on a thread of its own and applies the fault each time.
class test_fault_trigger {
public:
  test_fault_trigger(test_fault fault, caf::actor_system& sys, std::shared_ptr<current_child> pg_pool);
  ~test_fault_trigger();
  test_fault_trigger(const test_fault_trigger&) = delete;
  test_fault_trigger& operator=(const test_fault_trigger&) = delete;

private:
  void apply();

  test_fault fault_;
  caf::actor_system& sys_;
  std::shared_ptr<current_child> pg_pool_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace cli
