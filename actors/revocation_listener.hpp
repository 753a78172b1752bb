// Listens on PostgreSQL's revocation channel (migrations/postgres/0003) over a direct
// connection of its own, and tells the HTTP front's session cache, so a logout, a password or
// role change, a deactivation or a deletion made through ANY instance is seen by this one at
// once (the contract: within 1 s on every instance).
//
// Detached: it blocks in libpq (connect, poll on the socket) on a thread of its own. It works
// in slices of `slice` (a tick message to itself between them), so exit messages are handled.
//   (tick_atom) internal: connect and LISTEN when not listening (with backoff), else wait up to
//        `slice` for notifications and deliver them.
// While it is not listening (at startup, or after its connection broke) the cache must not
// trust entries (every request is validated again: `listening(false)`); once LISTEN is back, a
// notification may have been missed, so the cache is emptied before it trusts again
// (`listening(true)`).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <caf/all.hpp>

#include "storage/common/backoff.hpp"

namespace actors {

struct revocation_events {
  std::function<void(const std::string& token_hash)> token_revoked;
  std::function<void(const std::string& user_id)> user_changed;
  std::function<void(bool listening)> listening;
};

struct listener_settings {
  std::string direct_url;
  std::chrono::milliseconds connect_timeout{3000};
  storage::retry_settings retry;
  std::chrono::milliseconds slice{200};
};

caf::behavior revocation_listener(caf::event_based_actor* self, listener_settings s, revocation_events events);

}  // namespace actors
