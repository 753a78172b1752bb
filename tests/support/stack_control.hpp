// The local stack as tests drive it: scripts/stack to stop and start the stores, their pids for
// signals (SIGKILL, SIGSTOP, SIGCONT), and a guard that puts everything back.
#pragma once

#include <string>

namespace test_env {

// Runs `scripts/stack <args>` (stdout discarded); its exit code.
int stack(const std::string& args);

// The pid of "postgres", "ferretdb" or "ferretdb-postgres" (FerretDB's own PostgreSQL) from
// `scripts/stack pid`; 0 when it is not running.
int store_pid(const std::string& store);

// Restores the stack when it goes out of scope, whatever the test did to it: thaws a frozen
// FerretDB and starts both stores.
struct stack_guard {
  stack_guard() = default;
  stack_guard(const stack_guard&) = delete;
  stack_guard& operator=(const stack_guard&) = delete;
  ~stack_guard();
};

}  // namespace test_env
