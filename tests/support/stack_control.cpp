#include "support/stack_control.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <dirent.h>

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

void signal_store(const std::string& store, int sig) {
  const int pid = store_pid(store);
  BOOST_REQUIRE_MESSAGE(pid > 0, "no pid for " << store << " (scripts/stack pid " << store << ")");
  BOOST_REQUIRE_MESSAGE(::kill(pid, sig) == 0, "kill(" << pid << ", " << sig << ") for " << store << " failed");
}

namespace {

// The pids whose parent is `parent`, from /proc/<pid>/stat ("pid (comm) state ppid ...").
std::vector<int> children_of(int parent) {
  std::vector<int> out;
  DIR* proc = ::opendir("/proc");
  if (!proc)
    return out;
  while (const dirent* e = ::readdir(proc)) {
    const int pid = std::atoi(e->d_name);
    if (pid <= 0)
      continue;
    std::ifstream in("/proc/" + std::string(e->d_name) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
      continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    int ppid = 0;
    if (rest >> state >> ppid && ppid == parent)
      out.push_back(pid);
  }
  ::closedir(proc);
  return out;
}

// Like signal_postgres_tree, without failing: for the guard, which must not throw.
std::vector<int> signal_postgres_tree_quietly(int sig) {
  std::vector<int> pids;
  const int postmaster = store_pid("postgres");
  if (postmaster <= 0)
    return pids;
  // The postmaster first when stopping (it forks no new backend after that), last when
  // continuing (its children are running before it accepts anything).
  auto children = children_of(postmaster);
  if (sig == SIGCONT)
    children.push_back(postmaster);
  else
    children.insert(children.begin(), postmaster);
  for (const int pid : children)
    if (pid > 0 && ::kill(pid, sig) == 0)
      pids.push_back(pid);
  return pids;
}

}  // namespace

std::vector<int> signal_postgres_tree(int sig) {
  BOOST_REQUIRE_MESSAGE(store_pid("postgres") > 0, "no pid for postgres (scripts/stack pid postgres)");
  auto pids = signal_postgres_tree_quietly(sig);
  BOOST_REQUIRE_MESSAGE(pids.size() >= 2, "signalled only " << pids.size() << " PostgreSQL processes");
  return pids;
}

stack_guard::~stack_guard() {
  if (int pid = store_pid("ferretdb"); pid > 0)
    ::kill(pid, SIGCONT);
  (void)signal_postgres_tree_quietly(SIGCONT);
  stack("start");
}

}  // namespace test_env
