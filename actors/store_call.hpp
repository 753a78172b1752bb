// How a repository actor runs one store function on a pool (PostgreSQL or MongoDB): the
// function runs on a pool worker's thread, and the repository's caller gets the value or the
// store's error (converted once, by to_error) from that worker.
// pg_call.hpp and mongo_call.hpp name the two instances.
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include <caf/all.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"

namespace actors {

// `Request` is pg_request or mongo_request: {task, budget, extra...}, `Pool` its pool's handle
// (pg_pool_actor or mongo_pool_actor: the compiler checks that the pool takes the request). `fn(connection&) ->
// storage::result<T>` becomes its task; `extra` fills the fields after the budget. The
// repository delegates the request to the pool, and the worker that runs it answers the
// repository's caller directly with the value (or the error): the answer makes no stop at the
// pool or here. If the pool is gone, CAF answers the caller with an error at once. A task that
// did not run answers `internal` ("store call task did not run"), whatever the worker says.
// `self` is any event-based actor, typed or not.
template <class T, class Request, class Self, class Pool, class F, class... Extra>
caf::result<T> store_call(Self* self, const Pool& pool, std::chrono::milliseconds budget, F fn,
                          Extra... extra) {
  // Written on the worker's thread, and read there too, after the task.
  auto out = std::make_shared<storage::result<T>>(storage::status::internal("store call task did not run"));
  Request req{[out, fn = std::move(fn)](auto& connection) {
                *out = fn(connection);
                return out->get_status();
              },
              budget, extra...};
  // The value is delivered only when the task ran and succeeded: a worker that says "ok" for a
  // task that never ran (or whose result says otherwise) answers the result's own error
  // (`internal`, "not run"), never a default-constructed T.
  req.answer = [out](caf::response_promise& rp, const storage::status& st) {
    if (!st.is_ok())
      rp.deliver(to_error(st));
    else if (!out->is_ok())
      rp.deliver(to_error(out->get_status()));
    else
      rp.deliver(std::move(out->value()));
  };
  // The pool's interface has no reply type for the request (it is delegated on to a worker:
  // pool_handles.hpp); the reply the caller gets is this answer's T, which this result states.
  auto rp = self->make_response_promise();
  rp.delegate(pool, std::move(req));
  return caf::delegated<T>{};
}

// Adapts a store function that returns a bare status to one that returns ok_atom.
template <class F>
auto as_ok(F fn) {
  return [fn = std::move(fn)](auto& connection) -> storage::result<ok_atom> {
    auto st = fn(connection);
    if (!st.is_ok())
      return st;
    return ok_atom::value;
  };
}

}  // namespace actors
