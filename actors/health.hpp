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

#include "actors/messages.hpp"

namespace actors {

struct health_targets {
  pool_monitor_actor postgres;  // answers (check_atom) -> store_health
  pool_monitor_actor mongodb;
  std::chrono::milliseconds per_store_timeout{1500};
};

health_actor::behavior_type health(health_actor::pointer self, health_targets targets);

}  // namespace actors
