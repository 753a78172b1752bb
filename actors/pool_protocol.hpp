// The one protocol between a pool, its callers and its workers, for both stores.
//
// A caller sends the pool a request (pg_request or mongo_request): a task for one connection,
// the caller's budget, and the answer: how to tell the caller the task's outcome. The pool
// finds a worker (or queues the request, or refuses it: overloaded, unavailable, timeout in the
// queue; those answers come from the pool) and delegates the request to the worker:
//
//   pool -> worker   (run_atom, Request, [bool validate,] caf::actor pool, caf::actor_id id)
//   worker -> caller the request's answer (the value the task captured, or the error)
//   worker -> pool   (done_atom, caf::actor_id id, worker_outcome)   for the books
//
// There is no other way to run a task: a request without an answer is refused. A worker that
// dies mid-task answers nobody (the caller's own deadline ends its wait); the pool replaces it.
//
// Workers are made by a worker_factory, so a test can give a pool fake workers that speak this
// protocol without a store (tests/support/fake_workers.hpp).
#pragma once

#include <functional>

#include <caf/all.hpp>

#include "storage/common/status.hpp"

namespace actors {

// Tells the caller the outcome of its task, once the task is done (or the pool refused it).
using pool_answer = std::function<void(caf::response_promise&, const storage::status&)>;

// The answer for a task whose result is its status: ok_atom, or the status as an error.
pool_answer answer_ok();

// The answer for the pool's own maintenance pings: nobody waits, nothing is sent.
pool_answer answer_nobody();

// Spawns one worker (detached: it blocks on its store). The pool monitors what it returns.
using worker_factory = std::function<caf::actor(caf::actor_system&)>;

}  // namespace actors
