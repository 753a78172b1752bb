// How a repository actor runs one store function on the MongoDB pool: the function runs on a
// pool worker's thread with a leased client, its result comes back to the repository, and the
// repository's caller gets the value or the store's error (converted once, by to_error).
// The twin of pg_call.hpp. There is no retry here: the pool fails fast while MongoDB is down
// and the caller decides.
#pragma once

#include <chrono>
#include <memory>

#include <caf/all.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/mongo_pool.hpp"

namespace actors {

// What every Mongo repository needs to reach the pool.
struct mongo_route {
  caf::actor pool;
  std::chrono::milliseconds budget{5000};  // deadline for each call, sent down as maxTimeMS
};

// `fn(mongo_context&) -> storage::result<T>`, run on a worker; its value, or its error, is the
// reply to the current request.
template <class T, class F>
caf::result<T> mongo_call(caf::event_based_actor* self, const mongo_route& route, F fn) {
  // Written on the worker's thread; read here only after the pool's reply, which orders them.
  auto out = std::make_shared<storage::result<T>>(storage::status::internal("not run"));
  auto rp = self->make_response_promise<T>();
  mongo_request req{[out, fn = std::move(fn)](storage::mongo_context& ctx) {
                      *out = fn(ctx);
                      return out->get_status();
                    },
                    route.budget};
  // The pool answers its own timeouts; the margin only covers a pool that is gone.
  self->request(route.pool, route.budget + std::chrono::milliseconds{500}, std::move(req))
      .then([out, rp](ok_atom) mutable { rp.deliver(std::move(out->value())); },
            [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// For store functions that return a bare status.
template <class F>
caf::result<ok_atom> mongo_call_status(caf::event_based_actor* self, const mongo_route& route, F fn) {
  return mongo_call<ok_atom>(self, route, [fn = std::move(fn)](storage::mongo_context& ctx) -> storage::result<ok_atom> {
    auto st = fn(ctx);
    if (!st.is_ok())
      return st;
    return ok_atom::value;
  });
}

}  // namespace actors
