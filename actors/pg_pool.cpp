#include "actors/pg_pool.hpp"

#include <algorithm>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/pg_worker.hpp"
#include "actors/pool_intake.hpp"

namespace actors {

using clock = caf::actor_clock;  // time comes from the pool's CAF clock (self->clock())
using std::chrono::milliseconds;

namespace {

constexpr milliseconds maintenance_period{1000};
constexpr milliseconds idle_check_after{5000};  // idle connections are pinged this often

// The pool's own interface: its handle's, and the messages it sends itself or gets from its
// workers (done_atom); nobody else holds this type.
using pg_pool_impl = pg_pool_actor::extend<caf::reacts_to<expire_atom, uint64_t>, caf::reacts_to<retry_atom, uint64_t>,
                                           caf::reacts_to<tick_atom>,
                                           caf::reacts_to<done_atom, caf::actor_id, worker_outcome>>;

pool_limits limits_of(const storage::pg_settings& s) {
  return {s.pool_size, s.pool_size + s.max_overflow, s.max_queue, s.max_connecting, s.overflow_idle};
}

}  // namespace

struct pg_pool_state {
  storage::pg_settings settings;
  worker_factory make_worker;
  pool_intake<pg_request> intake;  // the books and the request intake
  std::unordered_map<caf::actor_id, caf::actor> handles;
  storage::reconnect_state link{storage::retry_settings{}};
  bool retry_pending = false;
  // The pending retry's number: each failure sets a new timer from the link's latest delay, so
  // the retry comes when stats say (next_retry_in_ms); an older timer is ignored.
  uint64_t retry_timer = 0;

  ~pg_pool_state() {
    for (auto& [id, w] : handles)
      caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
  }
};

namespace {

using pool_ptr = pg_pool_impl::stateful_pointer<pg_pool_state>;

void pump(pool_ptr self);

clock::time_point jittered_expiry(const storage::pg_settings& s, clock::time_point now) {
  auto life = std::chrono::duration<double>(s.recycle) * (1.0 - s.recycle_jitter * storage::random_unit());
  return now + std::chrono::duration_cast<clock::duration_type>(life);
}

// Closes a worker's connection; off the books already, or taken off here.
void retire(pool_ptr self, caf::actor_id id) {
  auto& st = self->state;
  st.intake.books().remove(id);
  if (auto it = st.handles.find(id); it != st.handles.end()) {
    self->send_exit(it->second, caf::exit_reason::user_shutdown);
    st.handles.erase(it);
  }
}

// The link first: every request asks, and an up pool need not count its connections.
bool is_down(const pg_pool_state& st) {
  return st.link.state() != storage::link_state::up && st.intake.books().open_count() == 0;
}

// Fails every queued request when no connection is open and none can be soon.
void fail_queue_if_down(pool_ptr self) {
  auto& st = self->state;
  if (!is_down(st))
    return;
  st.intake.fail_queue();
}

void on_connect_failure(pool_ptr self, const storage::status& error) {
  auto& st = self->state;
  auto delay = st.link.on_failure(self->clock().now(), error, storage::random_unit());
  spdlog::warn("postgresql: connect failed ({}), state {}, next attempt in {} ms", error.message(),
               storage::to_string(st.link.state()), delay.count());
  st.retry_pending = true;
  self->delayed_send(self, delay, retry_atom::value, ++st.retry_timer);
  fail_queue_if_down(self);
}

void open_connection(pool_ptr self) {
  auto& st = self->state;
  auto worker = st.make_worker(self->system());
  self->monitor(worker);
  auto id = worker.id();
  st.handles[id] = worker;
  st.intake.books().add_connecting(id);
  if (st.link.failures() > 0)
    ++st.intake.books().counters().reconnects;
  self->request(worker, caf::infinite, connect_atom::value)
      .then(
          [=](const worker_outcome& out) {
            auto& s = self->state;
            if (!s.intake.books().knows(id))
              return;
            if (out.code != storage::code::ok) {
              retire(self, id);
              on_connect_failure(self, out.status());
              return;
            }
            if (s.link.state() != storage::link_state::up)
              spdlog::info("postgresql: connected again after {} failed attempts", s.link.failures());
            s.link.on_success();
            auto now = self->clock().now();
            s.intake.books().add_open(id, now, jittered_expiry(s.settings, now));
            pump(self);
          },
          [=](caf::error&) {
            retire(self, id);
            on_connect_failure(self, storage::status::unavailable("connection worker died"));
          });
}

// Opens what the books ask for: connections below the base size or for waiting requests,
// within the connect limit, one at a time after failures, none during a backoff delay.
void grow(pool_ptr self) {
  auto& st = self->state;
  for (int n = st.intake.books().openings(st.retry_pending, st.link.failures() > 0); n > 0; --n)
    open_connection(self);
}

// Books a finished job (error counters) and frees its connection.
void finish(pool_ptr self, caf::actor_id id, const worker_outcome& out) {
  auto& st = self->state;
  st.intake.books().counters().count_outcome(out.counted_code());
  if (!st.intake.books().knows(id))
    return;
  if (out.reconnected)
    ++st.intake.books().counters().reconnects;
  if (out.broken) {
    ++st.intake.books().counters().broken;
    retire(self, id);
    if (out.code == storage::code::unavailable && st.intake.books().open_count() == 0)
      on_connect_failure(self, out.status());
    pump(self);
    return;
  }
  auto now = self->clock().now();
  std::optional<clock::time_point> renewed;
  if (out.reconnected)
    renewed = jittered_expiry(st.settings, now);
  if (st.intake.books().give_back(id, now, renewed) == job_books<pg_request>::returned::expired)
    retire(self, id);  // recycled; grow() opens a fresh one if needed
  pump(self);
}

// Runs `req` on `id`, just taken from the idle stack: the worker answers the caller and then
// reports for the books. `for_caller` is false for the pool's own maintenance pings, which
// nobody waits for and are not counted as acquires.
void run_on(pool_ptr self, caf::actor_id id, pg_request req, caf::response_promise rp,
            clock::time_point deadline, bool for_caller = true) {
  auto& st = self->state;
  auto now = self->clock().now();
  const auto* slot = st.intake.books().find(id);
  bool validate = st.settings.pre_ping && now - slot->last_used >= st.settings.pre_ping_idle;
  auto left = st.intake.books().start(id, deadline, now, for_caller);
  if (!left) {
    deliver_status(rp, storage::status::timeout("deadline passed while waiting for a connection"));
    return;
  }
  req.budget = *left;
  const auto& worker = st.handles.at(id);
  auto pool = caf::actor_cast<caf::actor>(self);
  if (for_caller)
    rp.delegate(worker, run_atom::value, std::move(req), validate, pool, id);
  else
    caf::send_as(pool, worker, run_atom::value, std::move(req), validate, pool, id);  // the worker is untyped
}

void pump(pool_ptr self) {
  auto& st = self->state;
  while (auto a = st.intake.books().next_assignment())
    run_on(self, a->worker, std::move(a->job.req), std::move(a->job.rp), a->deadline);
  grow(self);
}

pg_request ping_request(milliseconds budget, pool_answer answer) {
  return pg_request{[](storage::pg_connection& c) { return c.ping(); }, budget, true, std::move(answer)};
}

// Recycles expired idle connections, closes idle overflow, pings long-idle connections so a
// restarted server is noticed without waiting for traffic.
void maintain(pool_ptr self) {
  auto& st = self->state;
  auto now = self->clock().now();
  auto chores = st.intake.books().maintain(now, idle_check_after);
  for (auto id : chores.close)
    retire(self, id);
  for (auto id : chores.ping)
    run_on(self, id, ping_request(milliseconds{2000}, answer_nobody()), caf::response_promise{},
           now + milliseconds{2000}, false);
  grow(self);
}

pool_stats snapshot(pool_ptr self) {
  return self->state.intake.stats();
}

// GET /health's view: a live ping through the pool, answered at once when down.
caf::result<store_health> check(pool_ptr self) {
  auto& s = self->state;
  auto rp = self->make_response_promise<store_health>();
  if (is_down(s)) {
    rp.deliver(store_health{"fail", std::nullopt, snapshot(self)});
    return rp;
  }
  auto started = self->clock().now();
  self->request(caf::actor_cast<caf::actor>(self), milliseconds{1800}, ping_request(milliseconds{1500}, answer_ok()))
      .then(
          [=](ok_atom) mutable {
            auto ms = std::chrono::duration<double, std::milli>(self->clock().now() - started).count();
            auto stats = snapshot(self);
            bool degraded = stats.state != "up" || stats.waiting > 0 || (stats.in_use >= stats.max && stats.max > 0);
            rp.deliver(store_health{degraded ? "warn" : "pass", ms, stats});
          },
          [=](caf::error& err) mutable {
            // The pool learns of the failure through the retired connection; the report says
            // at once what the check saw.
            auto stats = snapshot(self);
            if (!stats.last_error) {
              const auto why = status_of(err);
              stats.last_error = why.message();
              stats.last_cause = why.cause();
            }
            rp.deliver(store_health{"fail", std::nullopt, stats});
          });
  return rp;
}

pg_pool_impl::behavior_type pg_pool(pool_ptr self, storage::pg_settings settings, worker_factory make) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.make_worker = std::move(make);
  st.link = storage::reconnect_state{st.settings.retry};
  st.intake = pool_intake<pg_request>{{self,
                                       [self](milliseconds wait, uint64_t ticket) {
                                         self->delayed_send(self, wait, expire_atom::value, ticket);
                                       },
                                       "postgresql", limits_of(st.settings), st.settings.acquire_timeout, &st.link,
                                       [self] { return is_down(self->state); },
                                       [self](caf::actor_id id, pg_request r, caf::response_promise p,
                                              clock::time_point deadline) {
                                         run_on(self, id, std::move(r), std::move(p), deadline);
                                       }}};
  // A stray error message must not end the pool (CAF's default error handler quits).
  self->set_error_handler([](caf::error& err) { spdlog::warn("postgresql pool: unexpected error message {}", caf::to_string(err)); });
  self->set_down_handler([=](caf::down_msg& dm) {
    // A worker that ends outside our control (a crash) is dropped and replaced.
    auto id = dm.source.id();
    if (self->state.handles.count(id)) {
      ++self->state.intake.books().counters().broken;
      retire(self, id);
      pump(self);
    }
  });
  self->delayed_send(self, maintenance_period, tick_atom::value);
  grow(self);
  return {
      // Delegated: the worker (or the intake's refusal) answers through the request's answer.
      [=](pg_request& req) -> caf::result<void> {
        auto rp = self->make_response_promise();
        if (self->state.intake.take(req, rp))
          grow(self);
        return caf::delegated<void>{};
      },
      [=](expire_atom, uint64_t ticket) { self->state.intake.end_wait(ticket); },
      [=](retry_atom, uint64_t timer) {
        if (timer != self->state.retry_timer)
          return;  // superseded by a later failure's timer
        self->state.retry_pending = false;
        grow(self);
      },
      [=](tick_atom) {
        maintain(self);
        self->delayed_send(self, maintenance_period, tick_atom::value);
      },
      [=](done_atom, caf::actor_id id, const worker_outcome& out) { finish(self, id, out); },
      [=](stats_atom) -> pool_stats { return snapshot(self); },
      [=](check_atom) { return check(self); },
  };
}

}  // namespace

pg_pool_actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings, worker_factory make) {
  return sys.spawn(pg_pool, std::move(settings), std::move(make));
}

pg_pool_actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings) {
  auto make = pg_worker_factory(settings);
  return sys.spawn(pg_pool, std::move(settings), std::move(make));
}

}  // namespace actors
