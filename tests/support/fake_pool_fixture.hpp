// The fixture of the server-free pool tests: the actor harness (CAF's deterministic scheduler,
// actor_harness.hpp), a fake store whose workers a pool is given (fake_workers.hpp), and what
// the cases ask a pool.
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/pool_stats.hpp"
#include "support/actor_harness.hpp"
#include "support/fake_workers.hpp"

namespace test_env {

struct fake_pool_fixture : actor_harness {
  fake_store store;

  // The pool's stats_atom answer, after every queued message ran.
  actors::pool_stats stats(const caf::actor& pool);
  // The pool's check_atom answer, after every queued message ran.
  actors::store_health check(const caf::actor& pool);
  // The fake worker that has a message waiting (fails the case when none has).
  caf::actor scheduled_worker();
};

}  // namespace test_env
