// An Erlang/OTP-style supervisor for one child, and the child's stable address.
//
// Every message sent to the supervisor is forwarded (delegated) to the current child, so the
// reply goes straight back to the original sender and handles held by others stay valid across
// restarts. When the child fails (any exit reason but normal or user_shutdown) it is restarted,
// at most `intensity` times within `period`; one more failure escalates: `escalate` is called
// with a description and the supervisor quits with the child's reason. An exit sent to the
// supervisor stops the child with the same reason.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <caf/all.hpp>

namespace actors {

struct restart_budget {
  int intensity = 3;                 // restarts allowed...
  std::chrono::seconds period{10};   // ...within this window
};

// Spawns a fresh child; called at start and at every restart.
using child_factory = std::function<caf::actor(caf::actor_system&)>;

// Called once when the restart budget is spent, with a human-readable reason.
using escalation = std::function<void(const std::string&)>;

caf::behavior supervisor(caf::event_based_actor* self, std::string name, child_factory make,
                         restart_budget budget, escalation escalate);

}  // namespace actors
