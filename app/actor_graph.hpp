// The running service's actors: supervised pools, repositories, health, password hashers.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <caf/all.hpp>

#include "actors/supervisor.hpp"
#include "config/settings.hpp"
#include "http/server.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"

namespace app {

struct actor_graph {
  http::backend backend;          // what the HTTP routes talk to
  std::vector<caf::actor> owned;  // everything to stop at shutdown, repositories first
};

// Told each new incarnation of the PostgreSQL pool (at start and after each restart); for the
// tests' hooks only (app/test_hooks.hpp). Empty in production.
using pool_observer = std::function<void(const caf::actor&)>;

// Spawns the graph. Each pool runs under a supervisor (restart budget 3 in 10 s) whose
// escalation is `escalate`; repositories give each store call 90 % of the HTTP request timeout,
// so a store's own timeout answers before the HTTP deadline does.
actor_graph spawn_actor_graph(caf::actor_system& sys, const config::settings& s,
                              std::shared_ptr<storage::mongo_client_pool> clients, actors::escalation escalate,
                              pool_observer on_pg_pool = {});

}  // namespace app
