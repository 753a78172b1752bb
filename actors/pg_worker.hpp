// A PostgreSQL connection worker: one connection, one thread. Spawned detached by pg_pool
// because every libpq call in it blocks.
//
// Messages (from its pool only):
//   (connect_atom) -> worker_outcome           open the connection
//   (run_atom, pg_request, bool validate) -> worker_outcome
//        run the task; `validate` pings first and reconnects once when the ping fails; an
//        idempotent task whose connection dies under it is retried once on a fresh one.
//   (run_atom, pg_request, bool validate, caf::actor pool, caf::actor_id id)
//        the same, delegated by the pool for a request with an `answer`: the worker answers
//        the original caller, then sends (done_atom, id, worker_outcome) to the pool.
#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/pg_pool.hpp"
#include "actors/worker_outcome.hpp"
#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace actors {

// `protocol`: named prepared statements, or unnamed ones behind a transaction pooler.
caf::behavior pg_worker(caf::event_based_actor* self, std::string url,
                        std::chrono::milliseconds connect_timeout, storage::pg_protocol protocol);

}  // namespace actors

