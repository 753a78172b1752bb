// Repository → MongoDB pool calls (see store_call.hpp). There is no retry here: the pool fails
// fast while MongoDB is down and the caller decides.
#pragma once

#include <chrono>

#include "actors/mongo_pool.hpp"
#include "actors/store_call.hpp"

namespace actors {

// What every MongoDB repository needs to reach the pool.
struct mongo_route {
  caf::actor pool;
  std::chrono::milliseconds budget{5000};  // deadline for each call, sent down as maxTimeMS
};

// `fn(mongo_context&) -> storage::result<T>`, run on a worker.
template <class T, class F>
caf::result<T> mongo_call(caf::event_based_actor* self, const mongo_route& route, F fn) {
  return store_call<T, mongo_request>(self, route.pool, route.budget, std::move(fn));
}

// For store functions that return a bare status.
template <class F>
caf::result<ok_atom> mongo_call_status(caf::event_based_actor* self, const mongo_route& route, F fn) {
  return mongo_call<ok_atom>(self, route, as_ok(std::move(fn)));
}

}  // namespace actors
