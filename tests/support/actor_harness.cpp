#include "support/actor_harness.hpp"

#include "actors/system_config.hpp"

namespace test_env {

harness_config::harness_config() { actors::configure_actor_system(*this); }

actor_harness::~actor_harness() {
  for (const auto& a : owned_)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  // The exits, then the timers of the stopped actors (dropped), so the fixture's own final
  // run() finds nothing that reschedules itself.
  sched.run();
  sched.trigger_timeouts();
  sched.run();
}

}  // namespace test_env
