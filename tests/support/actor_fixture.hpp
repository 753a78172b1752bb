// An actor system for tests, configured like serve's, and helpers to ask actors from the test
// thread through a scoped_actor (the actor-level harness).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "storage/common/status.hpp"

namespace test_env {

// An actor system configured like serve's (actors::configure_actor_system).
struct actor_fixture {
  actor_fixture();
  ~actor_fixture();
  caf::actor_system_config cfg;  // must outlive sys
  caf::actor_system sys;
  caf::scoped_actor self;

  // `a`, stopped (exit user_shutdown) when the fixture ends: a failed REQUIRE skips the test's
  // own send_exit, and the actor system would then wait for the actor forever.
  caf::actor own(caf::actor a) {
    owned.push_back(a);
    return a;
  }
  std::vector<caf::actor> owned;
};

// The storage status an actor's error stands for (actors::code_of + its message).
storage::status status_of(const caf::error& err);

// Sends `msg...` to `dest` (a typed handle checks the message and T at compile time) and waits
// up to `timeout`; the reply of type T, or the status the error maps to.
template <class T, class Handle, class... Ts>
storage::result<T> ask(caf::scoped_actor& self, const Handle& dest, std::chrono::milliseconds timeout, Ts&&... msg) {
  std::optional<storage::result<T>> out;
  self->request(dest, timeout, std::forward<Ts>(msg)...)
      .receive([&](T& value) { out.emplace(std::move(value)); },
               [&](caf::error& err) { out.emplace(status_of(err)); });
  return std::move(*out);
}

// Runs a command through /bin/sh and returns its exit code.
int shell(const std::string& command);

// Count of this process's threads (/proc/self/task).
int thread_count();

}  // namespace test_env
