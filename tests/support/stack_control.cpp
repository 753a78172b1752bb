#include "support/stack_control.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "support/actor_fixture.hpp"

namespace test_env {

namespace {

const std::string script = std::string(P2P_SOURCE_DIR) + "/scripts/stack";

}  // namespace

int stack(const std::string& args) { return shell(script + " " + args + " >/dev/null"); }

int store_pid(const std::string& store) {
  FILE* p = ::popen((script + " pid " + store + " 2>/dev/null").c_str(), "r");
  char buf[64] = {0};
  const bool got = p && std::fgets(buf, sizeof buf, p);
  if (p)
    ::pclose(p);
  return got ? std::atoi(buf) : 0;
}

stack_guard::~stack_guard() {
  if (int pid = store_pid("ferretdb"); pid > 0)
    ::kill(pid, SIGCONT);
  stack("start");
}

}  // namespace test_env
