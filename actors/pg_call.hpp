// Repository → PostgreSQL pool calls (see store_call.hpp).
#pragma once

#include <chrono>

#include "actors/pg_pool.hpp"
#include "actors/store_call.hpp"
#include "actors/store_route.hpp"

namespace actors {

// `fn(pg_connection&) -> storage::result<T>`; `idempotent` calls are retried once when the
// connection dies under them.
template <class T, class Self, class F>
caf::result<T> pg_call(Self* self, const pg_route& route, bool idempotent, F fn) {
  return store_call<T, pg_request>(self, route.pool, route.budget, std::move(fn), idempotent);
}

// For store functions that return a bare status.
template <class Self, class F>
caf::result<ok_atom> pg_call_status(Self* self, const pg_route& route, bool idempotent, F fn) {
  return pg_call<ok_atom>(self, route, idempotent, as_ok(std::move(fn)));
}

}  // namespace actors
