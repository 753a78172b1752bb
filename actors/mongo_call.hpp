// Repository → MongoDB pool calls (see store_call.hpp). There is no retry here: the pool fails
// fast while MongoDB is down and the caller decides.
#pragma once

#include <chrono>

#include "actors/mongo_pool.hpp"
#include "actors/store_call.hpp"
#include "actors/store_route.hpp"

namespace actors {

// `fn(mongo_context&) -> storage::result<T>`, run on a worker.
template <class T, class Self, class F>
caf::result<T> mongo_call(Self* self, const mongo_route& route, F fn) {
  return store_call<T, mongo_request>(self, route.pool, route.budget, std::move(fn));
}

// For store functions that return a bare status.
template <class Self, class F>
caf::result<ok_atom> mongo_call_status(Self* self, const mongo_route& route, F fn) {
  return mongo_call<ok_atom>(self, route, as_ok(std::move(fn)));
}

}  // namespace actors
