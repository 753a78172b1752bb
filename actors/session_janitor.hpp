// Deletes expired login sessions on a timer, through the session repository's purge, so the
// user_sessions table holds live sessions only (expired tokens already fail authentication;
// this only keeps the table and its indexes small).
//
//   (tick_atom) internal: one purge every `period`, the first after `first`. A failed purge
//        (PostgreSQL down) is logged and tried again at the next tick; one at a time.
#pragma once

#include <chrono>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace actors {

struct janitor_settings {
  std::chrono::milliseconds first{std::chrono::seconds(30)};  // after startup
  std::chrono::milliseconds period{std::chrono::minutes(10)};
  std::chrono::milliseconds wait{std::chrono::seconds(30)};  // for one purge
};

caf::behavior session_janitor(caf::event_based_actor* self, session_purger_actor sessions, janitor_settings s);

}  // namespace actors
