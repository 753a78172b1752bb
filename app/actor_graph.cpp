#include "app/actor_graph.hpp"

#include <thread>

#include "actors/config_repository.hpp"
#include "actors/health.hpp"
#include "actors/mongo_call.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/password_hasher.hpp"
#include "actors/pg_pool.hpp"
#include "actors/post_repository.hpp"
#include "actors/profile_cleanup.hpp"
#include "actors/profile_repository.hpp"
#include "actors/reply_repository.hpp"
#include "actors/session_janitor.hpp"
#include "actors/session_repository.hpp"
#include "actors/use_case_repository.hpp"
#include "actors/user_repository.hpp"

namespace app {

actor_graph spawn_actor_graph(caf::actor_system& sys, const config::settings& s,
                              std::shared_ptr<storage::mongo_client_pool> clients, actors::escalation escalate,
                              pool_observer on_pg_pool) {
  const actors::restart_budget budget;
  actor_graph g;
  auto pg_settings = s.postgres;
  // Each supervisor has its pool's interface (actors::spawn_supervised).
  auto pg_pool = actors::spawn_supervised<actors::pg_pool_actor>(
      sys, "postgresql pool",
      [pg_settings, on_pg_pool](caf::actor_system& sys2) {
        auto pool = actors::spawn_pg_pool(sys2, pg_settings);
        if (on_pg_pool)
          on_pg_pool(caf::actor_cast<caf::actor>(pool));
        return pool;
      },
      budget, escalate);
  auto mongo_pool = actors::spawn_supervised<actors::mongo_pool_actor>(
      sys, "mongodb pool", [clients](caf::actor_system& sys2) { return actors::spawn_mongo_pool(sys2, clients); },
      budget, escalate);
  const auto store_budget = s.http.request_timeout * 9 / 10;
  actors::pg_route pg{pg_pool, store_budget};
  actors::mongo_route mongo{mongo_pool, store_budget};
  // Hashing is CPU-bound: one worker per core, at least two.
  actors::hasher_settings hashing{std::max<size_t>(2, std::thread::hardware_concurrency()), s.auth.max_pending_hashes,
                                  s.auth.max_hashes_per_client};

  auto& b = g.backend;
  // Health and /metrics see only what a pool reports: its handle's monitor subset.
  b.pg_pool = pg_pool;
  b.mongo_pool = mongo_pool;
  b.users = sys.spawn(actors::user_repository, pg);
  b.sessions = sys.spawn(actors::session_repository, pg);
  b.configs = sys.spawn(actors::config_repository, pg);
  b.profiles = sys.spawn(actors::profile_repository, mongo);
  b.posts = sys.spawn(actors::post_repository, mongo);
  b.replies = sys.spawn(actors::reply_repository, mongo);
  b.use_cases = sys.spawn(actors::use_case_repository, mongo);
  b.passwords = actors::spawn_password_hasher(sys, hashing);
  b.cleanup = sys.spawn(actors::profile_cleanup, pg, b.profiles, actors::cleanup_settings{});
  b.health = sys.spawn(actors::health, actors::health_targets{b.pg_pool, b.mongo_pool});
  auto janitor = sys.spawn(actors::session_janitor, b.sessions, actors::janitor_settings{});
  auto untyped = [](const auto& handle) { return caf::actor_cast<caf::actor>(handle); };
  g.owned = {janitor,           b.cleanup,         untyped(b.users),     untyped(b.sessions), untyped(b.configs),
             untyped(b.profiles), untyped(b.posts),   untyped(b.replies),   untyped(b.use_cases),
             untyped(b.passwords), untyped(b.health), untyped(pg_pool),    untyped(mongo_pool)};
  return g;
}

}  // namespace app
