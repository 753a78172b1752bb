// Listens on PostgreSQL's revocation channel (migrations/postgres/0003) over a direct
// connection of its own, and tells the HTTP front's session cache, so a logout, a password or
// role change, a deactivation or a deletion made through ANY instance is seen by this one at
// once (the contract: within 1 s on every instance).
//
// Detached: it blocks in libpq (connect, poll on the socket) on a thread of its own. It works
// in slices of `slice` (a tick message to itself between them), so exit messages are handled.
//   (tick_atom) internal: connect and LISTEN when not listening, else wait up to `slice` for
//        notifications and deliver them. After a failure the next tick comes after the
//        jittered backoff (storage/common/backoff.hpp), by the actor's CAF clock; a slice that
//        brought nothing lasts at least `slice` by that clock.
// While it is not listening (at startup, or after its connection broke) the cache must not
// trust entries (every request is validated again: `listening(false)`); once LISTEN is back, a
// notification may have been missed, so the cache is emptied before it trusts again
// (`listening(true)`).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "storage/common/backoff.hpp"
#include "storage/common/status.hpp"

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

// Where the notifications come from: a direct PostgreSQL connection in production (made by
// revocation_listener from `direct_url`), a script in tests. Used by the listener only.
class notification_source {
public:
  virtual ~notification_source() = default;
  // Connects and LISTENs on the revocation channel; the failure otherwise.
  virtual storage::status open() = 0;
  virtual bool is_open() const = 0;
  // Waits up to `slice` for the payloads of notifications, oldest first (none when nothing
  // arrived); `unavailable` when the connection broke.
  virtual storage::result<std::vector<std::string>> wait(std::chrono::milliseconds slice) = 0;
  virtual void close() = 0;
};

// The listener over a direct connection to `s.direct_url` (spawn it detached).
caf::behavior revocation_listener(caf::event_based_actor* self, listener_settings s, revocation_events events);

// The same over any source (a test's script; `s.direct_url` is not used).
caf::behavior revocation_listener_on(caf::event_based_actor* self, listener_settings s, revocation_events events,
                                     std::shared_ptr<notification_source> source);

}  // namespace actors
