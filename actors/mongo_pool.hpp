// The MongoDB pool actor: owns the mongoc client pool (storage::mongo_client_pool) and
// `max_pool_size` detached workers, each a thread of its own, so no mongoc call ever blocks a
// scheduler thread. A worker pops a client per job and pushes it back after.
//
// Semantics (storage::mongo_settings): `min_pool_size` clients kept warm, a wait queue of at
// most `max_queue` (one more is `overloaded`), `wait_queue_timeout` for a free worker
// (`timeout`), `maxTimeMS` from the caller's remaining budget, a low server-selection timeout
// so a down server fails a call in about two seconds. When a call finds the server unreachable
// the pool enters `reconnecting` (then `down`), fails requests fast with `unavailable` while
// it backs off (exponential, full jitter), and probes with a ping when the delay ends.
//
// Messages (the protocol: pool_protocol.hpp), its interface mongo_pool_actor below:
//   (mongo_request) -> delegated: what the request's `answer` delivers, or the pool's error
//   (stats_atom)    -> pool_stats
//   (check_atom)    -> store_health   a live ping, answered fast when down
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <caf/all.hpp>

#include "actors/pool_handles.hpp"
#include "actors/pool_protocol.hpp"
#include "storage/common/mongo_settings.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace actors {

// The pool's handle is mongo_pool_actor (pool_handles.hpp).

// Spawns the pool over an existing client pool (created, and its URL checked, by the caller).
mongo_pool_actor spawn_mongo_pool(caf::actor_system& sys, std::shared_ptr<storage::mongo_client_pool> clients);
// The same with `settings.max_pool_size` workers (and a prober) from `make` (a test's fakes).
mongo_pool_actor spawn_mongo_pool(caf::actor_system& sys, storage::mongo_settings settings, worker_factory make);

}  // namespace actors
