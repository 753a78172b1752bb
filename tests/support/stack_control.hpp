// The local stack as tests drive it: scripts/stack to stop and start the stores, their pids for
// signals (SIGKILL, SIGSTOP, SIGCONT), and a guard that puts everything back.
#pragma once

#include <string>
#include <vector>

namespace test_env {

// Runs `scripts/stack <args>` (stdout discarded); its exit code.
int stack(const std::string& args);

// The pid of "postgres", "ferretdb" or "ferretdb-postgres" (FerretDB's own PostgreSQL) from
// `scripts/stack pid`; 0 when it is not running.
int store_pid(const std::string& store);

// Sends `sig` to the store's server (the postmaster for PostgreSQL). Fails the test (REQUIRE)
// when the pid lookup fails, never calling kill() with 0 or a negative pid (which would signal
// the test's own process group), and when kill() fails.
void signal_store(const std::string& store, int sig);

// Sends `sig` to PostgreSQL's postmaster and every process it forked (the backends serving
// connections, the checkpointer, ...): SIGSTOP on all of them is a hung server, where SIGSTOP on
// the postmaster alone would only stop new connections. Fails the test (REQUIRE) when the
// postmaster's pid is not known; the pids it signalled.
std::vector<int> signal_postgres_tree(int sig);

// Restores the stack when it goes out of scope, whatever the test did to it: thaws a frozen
// FerretDB or PostgreSQL and starts both stores.
struct stack_guard {
  stack_guard() = default;
  stack_guard(const stack_guard&) = delete;
  stack_guard& operator=(const stack_guard&) = delete;
  ~stack_guard();
};

}  // namespace test_env
