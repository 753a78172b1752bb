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
// Messages:
//   (mongo_request) -> ok_atom | error (or whatever the request's `answer` delivers)
//   (stats_atom)    -> pool_stats
//   (check_atom)    -> store_health   a live ping, answered fast when down
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <caf/all.hpp>

#include "storage/common/mongo_settings.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace actors {

// Work to run with one client; the task writes its result into state it captured.
struct mongo_request {
  std::function<storage::status(storage::mongo_context&)> task;
  std::chrono::milliseconds budget{5000};  // the caller's deadline from now
  // Optional, as pg_request::answer: the worker answers the caller itself.
  std::function<void(caf::response_promise&, const storage::status&)> answer{};
};

// Spawns the pool over an existing client pool (created, and its URL checked, by the caller).
caf::actor spawn_mongo_pool(caf::actor_system& sys, std::shared_ptr<storage::mongo_client_pool> clients);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::mongo_request)
