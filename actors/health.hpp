// The health actor: answers liveness from memory (no store is touched). Later it aggregates
// the pools' reports.
#pragma once

#include <caf/all.hpp>

namespace actors {

// (live_atom) -> std::string "pass"
caf::behavior health(caf::event_based_actor* self);

}  // namespace actors
