#include "support/actor_fixture.hpp"

#include <cstdlib>
#include <filesystem>

#include "actors/errors.hpp"
#include "actors/system_config.hpp"

namespace test_env {

namespace {
caf::actor_system_config& configured(caf::actor_system_config& cfg) {
  actors::configure_actor_system(cfg);
  return cfg;
}
}  // namespace

actor_fixture::actor_fixture() : sys(configured(cfg)), self(sys) {}

actor_fixture::~actor_fixture() {
  for (const auto& a : owned)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

storage::status status_of(const caf::error& err) { return actors::status_of(err); }

int shell(const std::string& command) {
  int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int thread_count() {
  int n = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator("/proc/self/task"))
    ++n;
  return n;
}

}  // namespace test_env
