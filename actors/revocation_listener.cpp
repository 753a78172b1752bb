#include "actors/revocation_listener.hpp"

#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/revocation.hpp"

namespace actors {

namespace {

using std::chrono::milliseconds;

// LISTEN over a direct connection of its own (never through a transaction pooler).
class pg_notification_source : public notification_source {
public:
  explicit pg_notification_source(const listener_settings& s) : url_(s.direct_url), timeout_(s.connect_timeout) {}

  storage::status open() override {
    auto c = storage::pg_connection::connect(url_, timeout_, storage::pg_protocol::unnamed);
    if (!c.is_ok())
      return c.get_status();
    if (auto l = c.value()->listen(storage::revocation_channel); !l.is_ok())
      return l;
    conn_ = std::move(c.value());
    return storage::status::ok();
  }
  bool is_open() const override { return conn_ != nullptr; }
  storage::result<std::vector<std::string>> wait(milliseconds slice) override { return conn_->wait_notifications(slice); }
  void close() override { conn_.reset(); }

private:
  std::string url_;
  milliseconds timeout_;
  std::unique_ptr<storage::pg_connection> conn_;
};

}  // namespace

caf::behavior revocation_listener(caf::event_based_actor* self, listener_settings s, revocation_events events) {
  auto source = std::make_shared<pg_notification_source>(s);
  return revocation_listener_on(self, std::move(s), std::move(events), std::move(source));
}

caf::behavior revocation_listener_on(caf::event_based_actor* self, listener_settings s, revocation_events events,
                                     std::shared_ptr<notification_source> source) {
  auto failures = std::make_shared<int>(0);
  events.listening(false);
  // The link is gone (or never came): stop trusting the cache; the next attempt after the backoff.
  auto lost = [=](const std::string& why) -> milliseconds {
    if (source->is_open())
      spdlog::warn("revocation listener: connection lost ({}); cached sessions are validated on every request until "
                   "it is back", why);
    source->close();
    events.listening(false);
    return storage::backoff_delay(s.retry, (*failures)++, storage::random_unit());
  };
  // One step; when the next comes: at once (nullopt) or by a timer after the given time (a
  // failure always waits for its timer, even a zero backoff).
  auto step = [=]() -> std::optional<milliseconds> {
    if (!source->is_open()) {
      if (auto st = source->open(); !st.is_ok())
        return lost(st.message());
      *failures = 0;
      events.listening(true);  // empties the cache first: notifications may have been missed
      spdlog::info("revocation listener: listening on {}", storage::revocation_channel);
      return std::nullopt;
    }
    const auto started = self->clock().now();
    auto got = source->wait(s.slice);
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
    if (!got.value().empty())
      return std::nullopt;
    // An empty slice lasts `slice` by this actor's clock: the wait above took it in production;
    // a source that answers at once (a test's) is not polled in a loop.
    const auto waited = std::chrono::duration_cast<milliseconds>(self->clock().now() - started);
    if (waited >= s.slice)
      return std::nullopt;
    return s.slice - waited;
  };
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        if (const auto after = step())
          self->delayed_send(self, *after, tick_atom::value);
        else
          self->send(self, tick_atom::value);
      },
  };
}

}  // namespace actors
