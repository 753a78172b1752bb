// How a repository actor runs one store function on the PostgreSQL pool: the function runs on
// a pool worker's thread, its result comes back to the repository, and the repository's caller
// gets the value or the store's error (converted once, by to_error).
#pragma once

#include <chrono>
#include <memory>

#include <caf/all.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"

namespace actors {

// What every repository needs to reach the pool.
struct pg_route {
  caf::actor pool;
  std::chrono::milliseconds budget{5000};  // deadline for each call, down to statement_timeout
};

// `fn(pg_connection&) -> storage::result<T>`; `idempotent` calls are retried once when the
// connection dies under them.
template <class T, class F>
caf::result<T> pg_call(caf::event_based_actor* self, const pg_route& route, bool idempotent, F fn) {
  auto out = std::make_shared<storage::result<T>>(storage::status::internal("not run"));
  auto rp = self->make_response_promise<T>();
  pg_request req{[out, fn = std::move(fn)](storage::pg_connection& c) {
                   *out = fn(c);
                   return out->get_status();
                 },
                 route.budget, idempotent};
  // The pool answers its own timeouts; the margin only covers a pool that is gone.
  self->request(route.pool, route.budget + std::chrono::milliseconds{500}, std::move(req))
      .then([out, rp](ok_atom) mutable { rp.deliver(std::move(out->value())); },
            [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// For store functions that return a bare status.
template <class F>
caf::result<ok_atom> pg_call_status(caf::event_based_actor* self, const pg_route& route, bool idempotent, F fn) {
  return pg_call<ok_atom>(self, route, idempotent, [fn = std::move(fn)](storage::pg_connection& c) -> storage::result<ok_atom> {
    auto st = fn(c);
    if (!st.is_ok())
      return st;
    return ok_atom::value;
  });
}

}  // namespace actors
