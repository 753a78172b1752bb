// The running service's actors: supervised pools, repositories, health, password hashers.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <caf/all.hpp>

#include "actors/supervisor.hpp"
#include "config/settings.hpp"
#include "http/server.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"

namespace cli {

// A supervised child's current incarnation (it changes at each restart). Thread-safe.
struct current_child {
  std::mutex mutex;
  caf::actor actor;  // guarded by mutex
};

struct actor_graph {
  http::backend backend;          // what the HTTP routes talk to
  std::vector<caf::actor> owned;  // everything to stop at shutdown, repositories first
  // The PostgreSQL pool under its supervisor, for the test faults only (cli/test_faults.hpp).
  std::shared_ptr<current_child> pg_pool_child = std::make_shared<current_child>();
};

// Spawns the graph. Each pool runs under a supervisor (restart budget 3 in 10 s) whose
// escalation is `escalate`; repositories give each store call 90 % of the HTTP request timeout,
// so a store's own timeout answers before the HTTP deadline does.
actor_graph spawn_actor_graph(caf::actor_system& sys, const config::settings& s,
                              std::shared_ptr<storage::mongo_client_pool> clients, actors::escalation escalate);

}  // namespace cli
