// The health aggregator. Liveness is answered from memory; readiness asks both pools at once,
// each with its own timeout, so the answer comes within `deadline` even when a store hangs.
//
// Messages:
//   (live_atom)  -> std::string "pass"     touches no store
//   (check_atom) -> health_report
#pragma once

#include <chrono>
#include <map>
#include <string>

#include <caf/all.hpp>

#include "actors/pool_stats.hpp"

namespace actors {

struct health_report {
  std::string status = "fail";  // pass | warn | fail: the worst of the checks
  double uptime_s = 0;
  std::map<std::string, store_health> checks;  // "postgres", "mongodb"
};

struct health_targets {
  caf::actor postgres;  // answers (check_atom) -> store_health
  caf::actor mongodb;
  std::chrono::milliseconds per_store_timeout{1500};
};

caf::behavior health(caf::event_based_actor* self, health_targets targets);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::health_report)
