// The fixture of the server-free pool tests: an actor system (actor_fixture), a fake store whose
// workers a pool is given (fake_workers.hpp), and what the cases ask a pool.
#pragma once

#include <chrono>
#include <functional>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/pool_stats.hpp"
#include "storage/common/status.hpp"
#include "support/actor_fixture.hpp"
#include "support/fake_workers.hpp"

namespace test_env {

struct fake_pool_fixture : actor_fixture {
  fake_store store;  // destroyed before the actor system: releases held jobs

  // The pool's stats_atom answer (fails the test when there is none within a second).
  actors::pool_stats stats(const caf::actor& pool);
  // Polls the pool's stats until `pred` holds (3 s at most); whether it did.
  bool eventually(const caf::actor& pool, const std::function<bool(const actors::pool_stats&)>& pred);
};

// Waits for the answer to a request sent with `self->request(...)`: ok, or the error's status.
template <class Handle>
storage::status answer_of(Handle& pending) {
  storage::status out = storage::status::internal("no answer");
  pending.receive([&](actors::ok_atom) { out = storage::status::ok(); },
                  [&](caf::error& err) { out = status_of(err); });
  return out;
}

}  // namespace test_env
