// A PostgreSQL connection worker: one connection, one thread. Spawned detached by pg_pool
// because every libpq call in it blocks.
//
// Messages (from its pool only):
//   (connect_atom) -> worker_outcome           open the connection
//   (run_atom, pg_request, bool validate) -> worker_outcome
//        run the task; `validate` pings first and reconnects once when the ping fails; an
//        idempotent task whose connection dies under it is retried once on a fresh one.
#pragma once

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/pg_pool.hpp"
#include "storage/status.hpp"

namespace actors {

struct worker_outcome {
  storage::code code = storage::code::ok;
  std::string message;
  bool broken = false;       // the connection is dead: retire this worker
  bool reconnected = false;  // the worker replaced its connection while serving
  int backend_pid = 0;
};

caf::behavior pg_worker(caf::event_based_actor* self, std::string url,
                        std::chrono::milliseconds connect_timeout);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::worker_outcome)
