// How a repository actor runs one store function on a pool (PostgreSQL or MongoDB): the
// function runs on a pool worker's thread, its result comes back to the repository, and the
// repository's caller gets the value or the store's error (converted once, by to_error).
// pg_call.hpp and mongo_call.hpp name the two instances.
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include <caf/all.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"

namespace actors {

// `Request` is pg_request or mongo_request: {task, budget, extra...}. `fn(connection&) ->
// storage::result<T>` becomes its task; `extra` fills the fields after the budget.
template <class T, class Request, class F, class... Extra>
caf::result<T> store_call(caf::event_based_actor* self, const caf::actor& pool, std::chrono::milliseconds budget,
                          F fn, Extra... extra) {
  // Written on the worker's thread; read here only after the pool's reply, which orders them.
  auto out = std::make_shared<storage::result<T>>(storage::status::internal("not run"));
  auto rp = self->make_response_promise<T>();
  Request req{[out, fn = std::move(fn)](auto& connection) {
                *out = fn(connection);
                return out->get_status();
              },
              budget, extra...};
  // The pool answers its own timeouts; the margin only covers a pool that is gone.
  self->request(pool, budget + std::chrono::milliseconds{500}, std::move(req))
      .then([out, rp](ok_atom) mutable { rp.deliver(std::move(out->value())); },
            [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
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
