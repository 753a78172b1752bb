// A MongoDB worker: one thread that runs jobs with a client popped from the shared mongoc
// pool. Spawned detached by mongo_pool because every mongoc call blocks.
//
// Messages (from its pool only; pool_protocol.hpp):
//   (run_atom, mongo_request, caf::actor pool, caf::actor_id id)
//        run the task with maxTimeMS from its budget and answer the request's caller (the pool
//        delegated the request), then send (done_atom, id, worker_outcome) to the pool
//   (check_atom)              -> worker_outcome   ping; latency_ms set on success
//   (connect_atom)            -> worker_outcome   warm min_pool_size clients (warm_up)
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/mongo_pool.hpp"
#include "actors/worker_outcome.hpp"

namespace actors {

caf::behavior mongo_worker(caf::event_based_actor* self, std::shared_ptr<storage::mongo_client_pool> clients);

// Spawns detached mongo_workers over `clients`.
worker_factory mongo_worker_factory(std::shared_ptr<storage::mongo_client_pool> clients);

}  // namespace actors
