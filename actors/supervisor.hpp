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

// A supervisor over a typed child (a pool: pg_pool_actor, mongo_pool_actor), as that child's
// type. The supervisor delegates every message to its current child, and every child comes
// from `make`, which returns a Handle: so the supervisor's address has Handle's interface, and
// this is the one place that says so to the type system (the cast below).
template <class Handle>
Handle spawn_supervised(caf::actor_system& sys, std::string name, std::function<Handle(caf::actor_system&)> make,
                        restart_budget budget, escalation escalate) {
  child_factory untyped = [make = std::move(make)](caf::actor_system& s) { return caf::actor_cast<caf::actor>(make(s)); };
  return caf::actor_cast<Handle>(sys.spawn(supervisor, std::move(name), std::move(untyped), budget, std::move(escalate)));
}

}  // namespace actors
