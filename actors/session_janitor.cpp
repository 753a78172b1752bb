#include "actors/session_janitor.hpp"

#include <cstdint>

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/messages.hpp"

namespace actors {

caf::behavior session_janitor(caf::event_based_actor* self, session_purger_actor sessions, janitor_settings s) {
  self->delayed_send(self, s.first, tick_atom::value);
  return {
      [=](tick_atom) {
        self->request(sessions, s.wait, purge_atom::value)
            .then(
                [=](int64_t n) {
                  if (n > 0)
                    spdlog::info("sessions: purged {} expired", n);
                  self->delayed_send(self, s.period, tick_atom::value);
                },
                [=](caf::error& err) {
                  spdlog::warn("sessions: purge of expired sessions failed ({}); next try in {} s",
                               message_of(err), std::chrono::duration_cast<std::chrono::seconds>(s.period).count());
                  self->delayed_send(self, s.period, tick_atom::value);
                });
      },
  };
}

}  // namespace actors
