// A MongoDB worker: one thread that runs jobs with a client popped from the shared mongoc
// pool. Spawned detached by mongo_pool because every mongoc call blocks.
//
// Messages (from its pool only):
//   (run_atom, mongo_request) -> worker_outcome   run the task with maxTimeMS from its budget
//   (run_atom, mongo_request, caf::actor pool)    the same, delegated by the pool for a request
//        with an `answer`: answer the original caller, then send (done_atom, self,
//        worker_outcome) to the pool
//   (check_atom)              -> worker_outcome   ping; latency_ms set on success
//   (connect_atom)            -> worker_outcome   warm min_pool_size clients (warm_up)
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/mongo_pool.hpp"
#include "actors/worker_outcome.hpp"

namespace actors {

caf::behavior mongo_worker(caf::event_based_actor* self, std::shared_ptr<storage::mongo_client_pool> clients);

}  // namespace actors
