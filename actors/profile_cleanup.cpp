#include "actors/profile_cleanup.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "actors/pg_call.hpp"
#include "storage/postgres/profile_cleanup_store.hpp"

namespace actors {

namespace {

using storage::pg_connection;
using pending_rows = std::vector<storage::pending_profile_deletion>;

bool store_in_trouble(storage::code c) {
  using storage::code;
  return c == code::unavailable || c == code::timeout || c == code::overloaded;
}

// Runs `fn(pg_connection&) -> storage::status` on the pool, like pg_call, but hands the
// outcome to `k(storage::status)` in this actor's context instead of answering the current
// request: each step of a deletion has a next step.
template <class F, class K>
void pg_then(caf::event_based_actor* self, const pg_route& route, bool idempotent, F fn, K k) {
  // A failing status comes back as an error (answer_ok), so the task's return value is all we need.
  pg_request req{std::move(fn), route.budget, idempotent, answer_ok()};
  auto kk = std::make_shared<K>(std::move(k));
  // The reply is the answer's (ok_atom), not in the pool's interface (pool_handles.hpp): asked
  // through the handle's dynamic view.
  self->request(caf::actor_cast<caf::actor>(route.pool), route.budget + std::chrono::milliseconds{500}, std::move(req))
      .then([kk](ok_atom) { (*kk)(storage::status::ok()); },
            [kk](caf::error& err) { (*kk)(status_of(err)); });
}

// The same for a store function with a value. As store_call, it never invents one: a success
// whose task did not run (no value) is `internal`.
template <class T, class F, class K>
void pg_value_then(caf::event_based_actor* self, const pg_route& route, F fn, K k) {
  auto value = std::make_shared<std::optional<T>>();
  pg_then(
      self, route, true,
      [value, fn = std::move(fn)](pg_connection& c) {
        auto r = fn(c);
        if (r.is_ok())
          *value = std::move(r.value());
        return r.get_status();
      },
      [value, k = std::move(k)](const storage::status& st) mutable {
        if (st.is_ok() && !*value)
          k(storage::status::internal("store call task did not run"), T{});
        else
          k(st, *value ? std::move(**value) : T{});
      });
}

// What the behavior's handlers share; lives as long as the actor (held by its closures).
struct cleanup {
  caf::event_based_actor* self;
  pg_route pg;
  profile_purger_actor profiles;
  cleanup_settings s;
  bool pass_running = false;
  std::vector<caf::typed_response_promise<ok_atom>> pass_waiters;  // (purge_atom) callers

  using done_fn = std::function<void(storage::code)>;

  // Steps 2 and 3 for one user whose row has failed `attempts` times so far, waiting `wait` for
  // MongoDB; `done` gets ok or the purge's failure.
  void attempt(const std::string& user_id, int attempts, std::chrono::milliseconds wait, done_fn done) {
    self->request(profiles, wait, purge_atom::value, user_id)
        .then(
            [this, user_id, done](ok_atom) {
              pg_then(
                  self, pg, true, [user_id](pg_connection& c) { return storage::finish_profile_deletion(c, user_id); },
                  [user_id, done](const storage::status& st) {
                    if (!st.is_ok())  // the row stays; the next pass purges again, harmlessly
                      spdlog::warn("profile cleanup {}: profile gone, row kept: {}", user_id, st.to_string());
                    done(storage::code::ok);
                  });
            },
            [this, user_id, attempts, done](caf::error& err) {
              const auto why = status_of(err);
              const auto delay = cleanup_retry_delay(s, attempts + 1, why.error_code());
              spdlog::info("profile cleanup {}: attempt {} failed ({}), next in {} ms", user_id, attempts + 1,
                           why.to_string(), delay.count());
              pg_then(
                  self, pg, false,
                  [user_id, msg = why.to_string(), delay](pg_connection& c) {
                    return storage::record_profile_deletion_failure(c, user_id, msg, delay);
                  },
                  [done, code = why.error_code()](const storage::status&) { done(code); });
            });
  }

  // One pass: up to `batch` due rows, claimed one at a time (so a claim's lease covers one
  // attempt, and several instances share the queue without doing a row twice), until none is
  // due or MongoDB is in trouble.
  void pass() {
    if (pass_running)
      return;
    pass_running = true;
    claim_next(0);
  }

  // The pass ended: whoever asked for it hears so.
  void end_pass() {
    pass_running = false;
    auto waiters = std::move(pass_waiters);
    pass_waiters.clear();
    for (auto& rp : waiters)
      rp.deliver(ok_atom::value);
  }

  void claim_next(int done_so_far) {
    if (done_so_far >= s.batch) {
      end_pass();
      return;
    }
    // The lease outlasts one attempt (its wait, and the failure's bookkeeping after it).
    const auto lease = s.pass_wait + s.tick;
    pg_value_then<pending_rows>(
        self, pg, [lease](pg_connection& c) { return storage::claim_profile_deletions(c, 1, lease); },
        [this, done_so_far](const storage::status& st, pending_rows rows) {
          if (!st.is_ok() || rows.empty()) {
            if (!st.is_ok())
              spdlog::debug("profile cleanup: cannot read the queue: {}", st.to_string());
            end_pass();
            return;
          }
          attempt(rows[0].user_id, rows[0].attempts, s.pass_wait, [this, done_so_far](storage::code c) {
            if (store_in_trouble(c))
              end_pass();
            else
              claim_next(done_so_far + 1);
          });
        });
  }
};

}  // namespace

std::chrono::milliseconds cleanup_retry_delay(const cleanup_settings& s, int failed_attempts, storage::code why) {
  if (store_in_trouble(why))
    return s.tick;
  const int doublings = std::clamp(failed_attempts - 1, 0, 30);
  const auto ceiling = s.backoff_cap.count();
  auto delay = s.tick.count();
  for (int i = 0; i < doublings && delay < ceiling; ++i)
    delay *= 2;
  return std::chrono::milliseconds{std::min(delay, ceiling)};
}

caf::behavior profile_cleanup(caf::event_based_actor* self, pg_route pg, profile_purger_actor profiles,
                              cleanup_settings s) {
  auto c = std::make_shared<cleanup>(cleanup{self, pg, std::move(profiles), s});
  // A late reply after a request's timeout, or any stray error, must not end the actor.
  self->set_error_handler([](caf::error& err) { spdlog::warn("profile cleanup: unexpected error {}", caf::to_string(err)); });
  self->delayed_send(self, s.tick, tick_atom::value);
  return {
      [=](delete_atom, const std::string& user_id) -> caf::result<ok_atom> {
        auto rp = self->make_response_promise<ok_atom>();
        // The row is due only after this request's own attempt has had its chance.
        const auto first_retry_in = c->s.purge_wait + c->s.tick;
        pg_then(
            self, c->pg, false,
            [user_id, first_retry_in](pg_connection& conn) {
              return storage::delete_user_and_queue_profile(conn, user_id, first_retry_in);
            },
            [c, user_id, rp](const storage::status& st) mutable {
              if (!st.is_ok()) {
                rp.deliver(to_error(st));
                return;
              }
              c->attempt(user_id, 0, c->s.purge_wait, [rp](storage::code) mutable { rp.deliver(ok_atom::value); });
            });
        return rp;
      },
      [=](tick_atom) {
        self->delayed_send(self, c->s.tick, tick_atom::value);
        c->pass();
      },
      // A pass now (or the one running), answered when it ends: for an operator, and for tests
      // that wait for a pass instead of polling the queue.
      [=](purge_atom) -> caf::result<ok_atom> {
        auto rp = self->make_response_promise<ok_atom>();
        c->pass_waiters.push_back(rp);
        c->pass();
        return rp;
      },
  };
}

}  // namespace actors
