// A PostgreSQL connection worker: one connection, one thread. Spawned detached by pg_pool
// because every libpq call in it blocks.
//
// Messages (from its pool only; pool_protocol.hpp):
//   (connect_atom) -> worker_outcome           open the connection
//   (run_atom, pg_request, bool validate, caf::actor pool, caf::actor_id id)
//        run the task and answer the request's caller (the pool delegated the request), then
//        send (done_atom, id, worker_outcome) to the pool. `validate` pings first and
//        reconnects once when the ping fails; an idempotent task whose connection dies under
//        it is retried once on a fresh one.
#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/pg_pool.hpp"
#include "actors/worker_outcome.hpp"
#include "storage/common/pg_settings.hpp"
#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace actors {

// `protocol`: named prepared statements, or unnamed ones behind a transaction pooler.
caf::behavior pg_worker(caf::event_based_actor* self, std::string url,
                        std::chrono::milliseconds connect_timeout, storage::pg_protocol protocol);

// Spawns detached pg_workers for `settings` (named prepared statements unless a transaction
// pooler sits in front).
worker_factory pg_worker_factory(const storage::pg_settings& settings);

}  // namespace actors

