// Polls a pool's stats (stats_atom) until a condition holds: what the pool tests wait on instead
// of sleeping, with real stores and with fakes alike.
#pragma once

#include <chrono>
#include <functional>

#include <caf/all.hpp>

#include "actors/pool_stats.hpp"

namespace test_env {

// Asks `pool` for its stats every 10 ms until `pred` holds or `limit` passes; the last stats
// (fails the test when the pool does not answer within a second).
actors::pool_stats wait_for_stats(caf::scoped_actor& self, const caf::actor& pool, std::chrono::milliseconds limit,
                                  const std::function<bool(const actors::pool_stats&)>& pred);

}  // namespace test_env
