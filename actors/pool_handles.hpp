// The pools' requests and handles, free of the drivers (the connection types are only named),
// so store_route.hpp, which the repository headers and http/ include, can hold a typed pool.
//
// A pool handle carries its pool's request and the monitor's questions, nothing else (health
// and /metrics hold it as a pool_monitor_actor, a subset of both). A request is `reacts_to`,
// i.e. no reply type of the pool's own: the pool delegates it to a worker (or refuses it), and
// the answer the request carries tells the caller (pool_protocol.hpp). What that answer
// delivers is the caller's own type (store_call.hpp: the repository's T), different for every
// call site, and a CAF 0.17 interface names one output per input; so the interface says
// "delegated, nothing from the pool itself", and a caller that awaits its T asks through the
// dynamic view of the same handle (caf::actor_cast<caf::actor>: widening, always safe), as
// profile_cleanup does. See docs/architecture.md, "Pools".
#pragma once

#include <chrono>
#include <functional>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/pool_protocol.hpp"

namespace storage {
class pg_connection;
class mongo_context;
}  // namespace storage

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

// The PostgreSQL pool's handle (pg_pool.hpp).
using pg_pool_actor = caf::typed_actor<
    caf::reacts_to<pg_request>,
    caf::replies_to<stats_atom>::with<pool_stats>,
    caf::replies_to<check_atom>::with<store_health>>;

// Work to run with one client; the task writes its result into state it captured.
struct mongo_request {
  std::function<storage::status(storage::mongo_context&)> task;
  std::chrono::milliseconds budget{5000};  // the caller's deadline from now
  // Required, as pg_request::answer: the worker answers the caller itself.
  pool_answer answer{};
};

// The MongoDB pool's handle (mongo_pool.hpp).
using mongo_pool_actor = caf::typed_actor<
    caf::reacts_to<mongo_request>,
    caf::replies_to<stats_atom>::with<pool_stats>,
    caf::replies_to<check_atom>::with<store_health>>;

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::pg_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::mongo_request)
