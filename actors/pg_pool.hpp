// The PostgreSQL pool actor: owns every connection, each in a detached worker actor (a thread
// of its own, so no libpq call ever blocks a scheduler thread).
//
// Semantics (storage::pg_settings): `pool_size` connections kept open, up to `max_overflow`
// more under load (closed again after `overflow_idle`), a wait queue of at most `max_queue`
// (one more is `overloaded`), an acquire timeout (`timeout`), validation of a connection idle
// past `pre_ping_idle` before reuse, recycling after `recycle` shortened by up to
// `recycle_jitter`, at most `max_connecting` connects at once, `statement_timeout` set from the
// caller's remaining budget. When PostgreSQL is down the pool reconnects forever with
// exponential backoff and full jitter and fails requests fast with `unavailable` while it has
// no live connection.
//
// Messages (the protocol: pool_protocol.hpp):
//   (pg_request) -> what the request's `answer` delivers, or the pool's error
//   (stats_atom) -> pool_stats
//   (check_atom) -> store_health         a live round trip, answered fast when down
#pragma once

#include <chrono>
#include <functional>

#include <caf/all.hpp>

#include "actors/pool_protocol.hpp"
#include "storage/common/pg_settings.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace actors {

// Work to run on one connection. The task reports through its return value and writes any
// result into state it captured; it runs on a worker thread, never on the scheduler.
struct pg_request {
  std::function<storage::status(storage::pg_connection&)> task;
  // The caller's deadline from now; becomes the acquire bound and the statement_timeout.
  std::chrono::milliseconds budget{5000};
  // Safe to run twice: retried once on a fresh connection when the connection dies under it.
  bool idempotent = false;
  // How the worker answers the caller once the task is done (the value the task captured, or
  // the error): required (pool_protocol.hpp). Errors before a connection is assigned
  // (overloaded, unavailable, timeout in the queue) come from the pool.
  pool_answer answer{};
};

// Spawns the pool; it starts opening its base connections at once, each in a pg_worker.
caf::actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings);
// The same with workers from `make` (a test's fakes); `settings.url` is then not used.
caf::actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings, worker_factory make);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::pg_request)
