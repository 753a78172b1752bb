#include "actors/revocation_listener.hpp"

#include <memory>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/revocation.hpp"

namespace actors {

namespace {

struct listener_state {
  std::unique_ptr<storage::pg_connection> conn;
  int failures = 0;
  std::chrono::steady_clock::time_point next_attempt{};
};

}  // namespace

caf::behavior revocation_listener(caf::event_based_actor* self, listener_settings s, revocation_events events) {
  auto st = std::make_shared<listener_state>();
  events.listening(false);
  auto lost = [=](const std::string& why) {
    if (st->conn)
      spdlog::warn("revocation listener: connection lost ({}); cached sessions are validated on every request until "
                   "it is back", why);
    st->conn.reset();
    events.listening(false);
    const auto delay = storage::backoff_delay(s.retry, st->failures++, storage::random_unit());
    st->next_attempt = std::chrono::steady_clock::now() + delay;
  };
  auto step = [=] {
    if (!st->conn) {
      if (std::chrono::steady_clock::now() < st->next_attempt)
        return;
      auto c = storage::pg_connection::connect(s.direct_url, s.connect_timeout, storage::pg_protocol::unnamed);
      if (!c.is_ok())
        return lost(c.get_status().message());
      if (auto l = c.value()->listen(storage::revocation_channel); !l.is_ok())
        return lost(l.message());
      st->conn = std::move(c.value());
      st->failures = 0;
      events.listening(true);  // empties the cache first: notifications may have been missed
      spdlog::info("revocation listener: listening on {}", storage::revocation_channel);
      return;
    }
    auto got = st->conn->wait_notifications(s.slice);
    if (!got.is_ok())
      return lost(got.get_status().message());
    for (const auto& payload : got.value()) {
      const auto r = storage::parse_revocation(payload);
      if (!r)
        continue;
      if (r->what == storage::revocation::kind::token)
        events.token_revoked(r->key);
      else
        events.user_changed(r->key);
    }
  };
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        step();
        // While down, wait out the backoff without spinning; while up, the poll above waited.
        self->delayed_send(self, st->conn ? std::chrono::milliseconds(0) : s.slice, tick_atom::value);
      },
  };
}

}  // namespace actors
