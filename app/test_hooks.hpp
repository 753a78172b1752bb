// The seams the tests inject into the service: faults and front holds for the supervision tests
// (tests/hooks/test_faults.hpp, built only into the p2p-backend-testable binary). A production
// process passes none (nullptr): nothing here is then created, consulted or checked.
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "http/transport/request_gate.hpp"

namespace app {

class test_hooks {
public:
  virtual ~test_hooks() = default;

  // The gate every HTTP request passes before routing (http/transport/request_gate.hpp); null: none.
  // Asked once, before the front is built.
  virtual std::shared_ptr<http::request_gate> request_gate() = 0;
  // Each new incarnation of the PostgreSQL pool under its supervisor (called from the
  // supervisor's thread, at start and after each restart).
  virtual void pg_pool_spawned(const caf::actor& pool) = 0;
  // The service serves: hooks may act on `sys` from now until stopping().
  virtual void serving(caf::actor_system& sys) = 0;
  // The service stops: stop acting on the actor system before this returns.
  virtual void stopping() = 0;
};

}  // namespace app
