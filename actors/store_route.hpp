// How a repository reaches its pool: the pool's typed handle (pool_handles.hpp: it carries only
// that pool's request and the monitor's questions) and the deadline of each call. No driver
// type, so the repository headers that http/ includes stay free of libpq and mongoc; the calls
// themselves are in pg_call.hpp and mongo_call.hpp, which only the repositories' .cpp files
// include.
#pragma once

#include <chrono>

#include <caf/all.hpp>

#include "actors/pool_handles.hpp"

namespace actors {

// What every PostgreSQL repository needs to reach the pool.
struct pg_route {
  pg_pool_actor pool;
  std::chrono::milliseconds budget{5000};  // deadline for each call, down to statement_timeout
};

// What every MongoDB repository needs to reach the pool.
struct mongo_route {
  mongo_pool_actor pool;
  std::chrono::milliseconds budget{5000};  // deadline for each call, sent down as maxTimeMS
};

}  // namespace actors
