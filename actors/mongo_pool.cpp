#include "actors/mongo_pool.hpp"

#include <algorithm>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/mongo_worker.hpp"
#include "actors/pool_intake.hpp"

namespace actors {

using clock = caf::actor_clock;  // time comes from the pool's CAF clock (self->clock())
using std::chrono::milliseconds;

namespace {

constexpr milliseconds check_budget{1500};

// The pool's own interface: its handle's, and the messages it sends itself or gets from its
// workers (done_atom, a stray worker_outcome); nobody else holds this type.
using mongo_pool_impl = mongo_pool_actor::extend<caf::reacts_to<expire_atom, uint64_t>, caf::reacts_to<retry_atom, uint64_t>,
                                                 caf::reacts_to<done_atom, caf::actor_id, worker_outcome>,
                                                 caf::reacts_to<worker_outcome>>;

// Every worker is started at once and lives until it crashes: the books' base and max are the
// pool size, nothing expires and nothing is surplus.
pool_limits limits_of(const storage::mongo_settings& s) {
  return {s.max_pool_size, s.max_pool_size, s.max_queue, s.max_pool_size, milliseconds::max()};
}

}  // namespace

struct mongo_pool_state {
  storage::mongo_settings settings;
  worker_factory make_worker;
  pool_intake<mongo_request> intake;  // the books and the request intake
  std::unordered_map<caf::actor_id, caf::actor> handles;
  caf::actor prober;  // pings and warm-ups never wait behind requests
  storage::reconnect_state link{storage::retry_settings{}};
  bool probe_pending = false;
  // The pending probe's number: each failure sets a new timer from the link's latest delay, so
  // the probe comes when stats say (next_retry_in_ms); an older timer is ignored.
  uint64_t probe_timer = 0;
  bool check_in_flight = false;  // a frozen server must not pile pings up in the prober

  ~mongo_pool_state() {
    for (auto& [id, w] : handles)
      caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
    if (prober)
      caf::anon_send_exit(prober, caf::exit_reason::user_shutdown);
  }
};

namespace {

using pool_ptr = mongo_pool_impl::stateful_pointer<mongo_pool_state>;

void add_worker(pool_ptr self) {
  auto& st = self->state;
  auto worker = st.make_worker(self->system());
  self->monitor(worker);
  st.handles[worker.id()] = worker;
  st.intake.books().add_open(worker.id(), self->clock().now(), clock::time_point::max());
}

void note_failure(pool_ptr self, const storage::status& error) {
  auto& st = self->state;
  auto delay = st.link.on_failure(self->clock().now(), error, storage::random_unit());
  ++st.intake.books().counters().reconnects;
  spdlog::warn("mongodb: {} ({}), next probe in {} ms", storage::to_string(st.link.state()), error.message(), delay.count());
  st.probe_pending = true;
  self->delayed_send(self, delay, retry_atom::value, ++st.probe_timer);
  st.intake.fail_queue();
}

// A ping; on success the link is up again and min_pool_size clients are warmed.
void probe(pool_ptr self) {
  self->request(self->state.prober, caf::infinite, check_atom::value)
      .then(
          [=](const worker_outcome& out) {
            auto& st = self->state;
            if (out.code != storage::code::ok) {
              note_failure(self, out.status());
              return;
            }
            if (st.link.state() != storage::link_state::up)
              spdlog::info("mongodb: reachable again after {} failed probes", st.link.failures());
            st.link.on_success();
            caf::anon_send(st.prober, connect_atom::value);  // warm up; nobody waits for the answer
          },
          [=](caf::error&) { note_failure(self, storage::status::unavailable("probe worker died")); });
}

// Runs `req` on `id`, just taken from the idle stack: the worker answers the caller and then
// reports for the books.
void run_on(pool_ptr self, caf::actor_id id, mongo_request req, caf::response_promise rp, clock::time_point deadline) {
  auto& st = self->state;
  auto left = st.intake.books().start(id, deadline, self->clock().now());
  if (!left) {
    deliver_status(rp, storage::status::timeout("deadline passed while waiting for a mongodb worker"));
    return;
  }
  req.budget = *left;
  rp.delegate(st.handles.at(id), run_atom::value, std::move(req), caf::actor_cast<caf::actor>(self), id);
}

// Books a finished job (link state, error counters), frees its worker and serves the queue.
void finish(pool_ptr self, caf::actor_id id, const worker_outcome& out) {
  auto& s = self->state;
  if (out.code == storage::code::unavailable && s.link.state() == storage::link_state::up)
    note_failure(self, out.status());
  s.intake.books().counters().count_outcome(out.counted_code());
  if (s.intake.books().give_back(id, self->clock().now()) != job_books<mongo_request>::returned::idle)
    return;  // replaced meanwhile
  while (auto a = s.intake.books().next_assignment())
    run_on(self, a->worker, std::move(a->job.req), std::move(a->job.rp), a->deadline);
}

// A worker that ended outside our control (a crash) is replaced by a fresh one.
void replace_worker(pool_ptr self, caf::actor_id gone) {
  auto& s = self->state;
  if (!s.handles.erase(gone))
    return;
  ++s.intake.books().counters().broken;
  s.intake.books().remove(gone);
  add_worker(self);
  if (auto a = s.intake.books().next_assignment())
    run_on(self, a->worker, std::move(a->job.req), std::move(a->job.rp), a->deadline);
}

pool_stats snapshot(pool_ptr self) {
  return self->state.intake.stats();
}

// GET /health's view: a live ping on the prober, answered at once when down.
caf::result<store_health> check(pool_ptr self) {
  auto& s = self->state;
  auto rp = self->make_response_promise<store_health>();
  if (s.link.state() != storage::link_state::up || s.check_in_flight) {
    rp.deliver(store_health{"fail", std::nullopt, snapshot(self)});
    return rp;
  }
  s.check_in_flight = true;
  // Saturated when the check arrives counts too: the ping may have to wait for a client until
  // the held ones come back, and by its answer the pool can look calm again.
  const auto at_arrival = snapshot(self);
  const bool saturated = at_arrival.waiting > 0 || at_arrival.idle == 0;
  self->request(s.prober, check_budget, check_atom::value)
      .then(
          [=](const worker_outcome& out) mutable {
            self->state.check_in_flight = false;
            if (out.code != storage::code::ok) {
              if (self->state.link.state() == storage::link_state::up)
                note_failure(self, out.status());
              rp.deliver(store_health{"fail", std::nullopt, snapshot(self)});
              return;
            }
            auto stats = snapshot(self);
            bool degraded = saturated || stats.waiting > 0 || stats.idle == 0;
            rp.deliver(store_health{degraded ? "warn" : "pass", out.latency_ms, stats});
          },
          [=](caf::error&) mutable {
            // The ping did not answer within its budget: the server hangs. Requests fail fast
            // from now on, and the prober's late answer (or the next probe) ends it.
            self->state.check_in_flight = false;
            if (self->state.link.state() == storage::link_state::up)
              note_failure(self, storage::status::timeout("ping timed out").because(storage::failure_cause::timeout));
            rp.deliver(store_health{"fail", std::nullopt, snapshot(self)});
          });
  return rp;
}

mongo_pool_impl::behavior_type mongo_pool(pool_ptr self, storage::mongo_settings settings, worker_factory make) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.make_worker = std::move(make);
  st.link = storage::reconnect_state{st.settings.retry};
  st.intake = pool_intake<mongo_request>{
      {self, [self](milliseconds wait, uint64_t ticket) { self->delayed_send(self, wait, expire_atom::value, ticket); },
       "mongodb", limits_of(st.settings), st.settings.wait_queue_timeout, &st.link,
       [self] { return self->state.link.state() != storage::link_state::up; },
       [self](caf::actor_id id, mongo_request r, caf::response_promise p, clock::time_point deadline) {
         run_on(self, id, std::move(r), std::move(p), deadline);
       }}};
  for (int i = 0; i < st.settings.max_pool_size; ++i)
    add_worker(self);
  st.prober = st.make_worker(self->system());
  self->set_error_handler([](caf::error& err) { spdlog::warn("mongodb pool: unexpected error message {}", caf::to_string(err)); });
  self->set_down_handler([=](caf::down_msg& dm) { replace_worker(self, dm.source.id()); });
  probe(self);  // connects, authenticates and warms min_pool_size clients
  return {
      // Delegated: the worker (or the intake's refusal) answers through the request's answer.
      [=](mongo_request& req) -> caf::result<void> {
        auto rp = self->make_response_promise();
        self->state.intake.take(req, rp);
        return caf::delegated<void>{};
      },
      [=](expire_atom, uint64_t ticket) { self->state.intake.end_wait(ticket); },
      [=](retry_atom, uint64_t timer) {
        if (timer != self->state.probe_timer)
          return;  // superseded by a later failure's timer
        self->state.probe_pending = false;
        probe(self);
      },
      [=](done_atom, caf::actor_id id, const worker_outcome& out) { finish(self, id, out); },
      [=](stats_atom) -> pool_stats { return snapshot(self); },
      // A stray worker answer (the warm-up is sent anonymously; a check may have given up on
      // the prober): dropped, it must not disturb anything.
      [](const worker_outcome&) {},
      [=](check_atom) { return check(self); },
  };
}

}  // namespace

mongo_pool_actor spawn_mongo_pool(caf::actor_system& sys, storage::mongo_settings settings, worker_factory make) {
  return sys.spawn(mongo_pool, std::move(settings), std::move(make));
}

mongo_pool_actor spawn_mongo_pool(caf::actor_system& sys, std::shared_ptr<storage::mongo_client_pool> clients) {
  auto settings = clients->settings();
  return sys.spawn(mongo_pool, std::move(settings), mongo_worker_factory(std::move(clients)));
}

}  // namespace actors
