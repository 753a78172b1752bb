// The actor-level harness: CAF's deterministic scheduler (caf/test/dsl.hpp) inside a Boost test
// case. Every actor of the case runs on the test thread, one message at a time, in an order the
// case controls, and time moves only when the case moves it:
//
//   sched.run()                 delivers every queued message (no timer fires)
//   advance(d)                  moves the clock by d, fires what fell due, delivers the rest
//   expect((T...), from(a).to(b).with(x, _))   the next message b takes is exactly that (CAF DSL)
//   allow(...), disallow(...), inject(...)     as in CAF's own tests
//   ask<T>(dest, msg...)        a request from a new client actor, its reply kept in a reply<T>
//   call<T>(dest, msg...)       ask + run: the reply at once (value or status)
//
// Actors take time from their CAF clock (self->clock(), delayed messages), which here is the
// test clock, so deadlines, backoffs and periodic ticks are exact. Fakes behind the typed
// interfaces (tests/support/fake_workers.hpp, fake_actors.hpp) are ordinary event-based actors
// on the same scheduler. CAF 0.17 runs a `detached` actor on a thread of its own even here, so a
// fake is never detached. Checks of CAF's DSL report to Boost (tests/support/caf_test_bridge.cpp).
//
// Every actor with a timer must be own()ed: the case stops it at its end (a live periodic
// timer would keep the fixture's final run() going forever).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <caf/test/dsl.hpp>

#include <boost/test/unit_test.hpp>

#include "actors/errors.hpp"
#include "storage/common/status.hpp"

namespace test_env {

// An actor system configured like serve's (actors::configure_actor_system); the fixture
// switches it to CAF's testing scheduler.
struct harness_config : caf::actor_system_config {
  harness_config();
};

// The reply a client actor got to one request: nothing yet, the value, or the status its error
// stands for (actors::status_of).
template <class T>
class reply {
public:
  using slot_type = std::shared_ptr<std::optional<storage::result<T>>>;

  reply(caf::actor client, slot_type slot) : client_(std::move(client)), slot_(std::move(slot)) {}

  // The actor that sent the request and takes the reply (for expect's from/to).
  const caf::actor& client() const { return client_; }
  bool arrived() const { return slot_->has_value(); }
  // ok, the error's status, or `internal: no reply` while none arrived.
  storage::status status() const {
    return arrived() ? (*slot_)->get_status() : storage::status::internal("no reply");
  }
  storage::code code() const { return status().error_code(); }
  bool ok() const { return arrived() && (*slot_)->is_ok(); }
  // The value (fails the case when there is none).
  const T& value() const {
    BOOST_REQUIRE_MESSAGE(ok(), "no value: " << status().to_string());
    return (*slot_)->value();
  }
  // The whole reply (fails the case when none arrived).
  const storage::result<T>& result() const {
    BOOST_REQUIRE_MESSAGE(arrived(), "no reply");
    return **slot_;
  }

private:
  caf::actor client_;
  slot_type slot_;
};

struct actor_harness : test_coordinator_fixture<harness_config> {
  actor_harness() = default;
  ~actor_harness() override;

  // `a`, stopped (exit user_shutdown) when the case ends.
  template <class Handle>
  Handle own(Handle a) {
    owned_.push_back(caf::actor_cast<caf::actor>(a));
    return a;
  }

  // Moves the clock by `d`: fires the timers that fall due, then delivers every queued message.
  // The number of timers fired.
  size_t advance(caf::timespan d) {
    auto fired = sched.advance_time(d);
    sched.run();
    return fired;
  }

  // `msg...` to `dest` as a request (with `timeout`, on the test clock) from a new client actor,
  // which has sent it when this returns: it waits in `dest`'s mailbox. The reply arrives when
  // the scheduler runs; a typed `dest` checks the message and T at compile time.
  template <class T, class Timeout, class Handle, class... Ts>
  reply<T> ask_within(Timeout timeout, const Handle& dest, Ts... msg) {
    auto slot = std::make_shared<std::optional<storage::result<T>>>();
    auto client = sys.spawn([=](caf::event_based_actor* c) {
      c->request(dest, timeout, msg...)
          .then([=](T& v) { slot->emplace(std::move(v)); },
                [=](caf::error& e) { slot->emplace(actors::status_of(e)); });
    });
    BOOST_REQUIRE(sched.prioritize(client));
    sched.run_once();  // the client starts and sends
    return reply<T>{client, slot};
  }

  template <class T, class Handle, class... Ts>
  reply<T> ask(const Handle& dest, Ts... msg) {
    return ask_within<T>(caf::infinite, dest, std::move(msg)...);
  }

  // ask, then every queued message: the reply (fails the case when none arrived).
  template <class T, class Handle, class... Ts>
  storage::result<T> call(const Handle& dest, Ts... msg) {
    auto r = ask<T>(dest, std::move(msg)...);
    sched.run();
    BOOST_REQUIRE_MESSAGE(r.arrived(), "no reply once every queued message ran");
    return r.result();
  }

private:
  std::vector<caf::actor> owned_;
};

}  // namespace test_env
