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
// Messages (the protocol: pool_protocol.hpp), its interface pg_pool_actor below:
//   (pg_request) -> delegated: what the request's `answer` delivers, or the pool's error
//   (stats_atom) -> pool_stats
//   (check_atom) -> store_health         a live round trip, answered fast when down
#pragma once

#include <chrono>
#include <functional>

#include <caf/all.hpp>

#include "actors/pool_handles.hpp"
#include "actors/pool_protocol.hpp"
#include "storage/common/pg_settings.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace actors {

// The pool's handle is pg_pool_actor (pool_handles.hpp).

// Spawns the pool; it starts opening its base connections at once, each in a pg_worker.
pg_pool_actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings);
// The same with workers from `make` (a test's fakes); `settings.url` is then not used.
pg_pool_actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings, worker_factory make);

}  // namespace actors
