// p2p-backend-testable: p2p-backend (the same command line, cli/run.hpp) with the supervision
// tests' faults (tests/hooks/test_faults.hpp) armed by P2P_TEST_FAULT. Without it, the same as
// p2p-backend. The tests that need a fault run this binary (P2P_TESTABLE_BINARY).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <pthread.h>

#include "cli/run.hpp"
#include "hooks/test_faults.hpp"

int main(int argc, char** argv) {
  const char* spec = std::getenv("P2P_TEST_FAULT");
  if (!spec || !*spec)
    return cli::run(argc, argv, nullptr);
  auto fault = test_faults::parse_test_fault(spec);
  if (!fault.is_ok()) {
    std::fprintf(stderr, "p2p-backend: %s\n", fault.get_status().message().c_str());
    return 2;
  }
  // Before any thread starts, so that only the hooks' thread receives SIGUSR1.
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &usr1, nullptr);
  test_faults::fault_hooks hooks(fault.value());
  return cli::run(argc, argv, &hooks);
}
