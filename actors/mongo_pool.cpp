#include "actors/mongo_pool.hpp"

#include <algorithm>
#include <deque>
#include <vector>

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/mongo_worker.hpp"
#include "actors/pool_stats.hpp"
#include "storage/common/reconnect_state.hpp"

namespace actors {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

struct waiting {
  uint64_t id;
  mongo_request req;
  caf::response_promise rp;
  clock::time_point deadline;
};

constexpr milliseconds check_budget{1500};

}  // namespace

struct mongo_pool_state {
  std::shared_ptr<storage::mongo_client_pool> clients;
  std::vector<caf::actor> workers;
  std::vector<caf::actor> idle;
  caf::actor prober;  // pings and warm-ups never wait behind requests
  std::deque<waiting> queue;
  storage::reconnect_state link{storage::retry_settings{}};
  bool probe_pending = false;
  bool check_in_flight = false;  // a frozen server must not pile pings up in the prober
  uint64_t next_id = 1;
  pool_stats counters;

  ~mongo_pool_state() {
    for (auto& w : workers)
      caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
    if (prober)
      caf::anon_send_exit(prober, caf::exit_reason::user_shutdown);
  }
};

namespace {

using pool_ptr = caf::stateful_actor<mongo_pool_state>*;

storage::status down_status(const mongo_pool_state& st) {
  return storage::status::unavailable("mongodb unavailable: " + st.link.last_error().value_or("no connection"))
      .because(st.link.last_cause());
}

void probe(pool_ptr self);

void note_failure(pool_ptr self, const storage::status& error) {
  auto& st = self->state;
  auto delay = st.link.on_failure(clock::now(), error, storage::random_unit());
  ++st.counters.reconnects;
  spdlog::warn("mongodb: {} ({}), next probe in {} ms", storage::to_string(st.link.state()), error.message(), delay.count());
  if (!st.probe_pending) {
    st.probe_pending = true;
    self->delayed_send(self, delay, retry_atom::value);
  }
  for (auto& w : st.queue)
    deliver_status(w.rp, down_status(st));
  st.queue.clear();
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

void run(pool_ptr self, caf::actor worker, mongo_request req, caf::response_promise rp, clock::time_point deadline);

// Books a finished job (link state, error counters), frees its worker and serves the queue.
void finish(pool_ptr self, const caf::actor& worker, const worker_outcome& out) {
  auto& s = self->state;
  if (out.code == storage::code::unavailable && s.link.state() == storage::link_state::up)
    note_failure(self, out.status());
  s.counters.count_outcome(out.counted_code());
  if (std::find(s.workers.begin(), s.workers.end(), worker) == s.workers.end())
    return;  // replaced meanwhile
  s.idle.push_back(worker);
  while (!s.queue.empty() && !s.idle.empty()) {
    auto w = s.idle.back();
    s.idle.pop_back();
    auto job = std::move(s.queue.front());
    s.queue.pop_front();
    run(self, w, std::move(job.req), std::move(job.rp), job.deadline);
  }
}

// A worker that ended outside our control (a crash) is replaced by a fresh one.
void replace_worker(pool_ptr self, const caf::actor_addr& gone) {
  auto& s = self->state;
  auto matches = [&](const caf::actor& w) { return w.address() == gone; };
  auto it = std::find_if(s.workers.begin(), s.workers.end(), matches);
  if (it == s.workers.end())
    return;
  ++s.counters.broken;
  s.workers.erase(it);
  s.idle.erase(std::remove_if(s.idle.begin(), s.idle.end(), matches), s.idle.end());
  auto fresh = self->spawn<caf::detached + caf::monitored>(mongo_worker, s.clients);
  s.workers.push_back(fresh);
  s.idle.push_back(fresh);
}

void run(pool_ptr self, caf::actor worker, mongo_request req, caf::response_promise rp, clock::time_point deadline) {
  auto& st = self->state;
  auto left = std::chrono::duration_cast<milliseconds>(deadline - clock::now());
  if (left.count() <= 0) {
    ++st.counters.timeouts;
    deliver_status(rp, storage::status::timeout("deadline passed while waiting for a mongodb worker"));
    st.idle.push_back(worker);
    return;
  }
  ++st.counters.acquired;
  req.budget = left;
  if (req.answer) {
    // The worker answers the caller itself, then reports (done_atom) for the books.
    rp.delegate(worker, run_atom::value, std::move(req), caf::actor_cast<caf::actor>(self));
    return;
  }
  self->request(worker, caf::infinite, run_atom::value, std::move(req))
      .then(
          [=](const worker_outcome& out) mutable {
            deliver_status(rp, out.status());
            finish(self, worker, out);
          },
          [=](caf::error&) mutable {
            deliver_status(rp, storage::status::unavailable("mongodb worker died"));
            replace_worker(self, worker.address());
          });
}

pool_stats snapshot(const mongo_pool_state& st) {
  pool_stats out = st.counters;
  out.size = static_cast<int>(st.workers.size());
  out.idle = static_cast<int>(st.idle.size());
  out.in_use = out.size - out.idle;
  out.waiting = static_cast<int>(st.queue.size());
  out.max = st.clients->settings().max_pool_size;
  out.state = std::string(storage::to_string(st.link.state()));
  out.last_error = st.link.last_error();
  out.last_cause = st.link.last_cause();
  out.next_retry_in_ms = st.link.next_retry_in_ms(clock::now());
  return out;
}

caf::behavior mongo_pool(caf::stateful_actor<mongo_pool_state>* self,
                         std::shared_ptr<storage::mongo_client_pool> clients) {
  auto& st = self->state;
  st.clients = clients;
  st.link = storage::reconnect_state{clients->settings().retry};
  for (int i = 0; i < clients->settings().max_pool_size; ++i) {
    st.workers.push_back(self->spawn<caf::detached + caf::monitored>(mongo_worker, clients));
    st.idle.push_back(st.workers.back());
  }
  st.prober = self->spawn<caf::detached>(mongo_worker, clients);
  self->set_error_handler([](caf::error& err) { spdlog::warn("mongodb pool: unexpected error message {}", caf::to_string(err)); });
  self->set_down_handler([=](caf::down_msg& dm) { replace_worker(self, dm.source); });
  probe(self);  // connects, authenticates and warms min_pool_size clients
  return {
      [=](mongo_request& req) -> caf::result<ok_atom> {
        auto& s = self->state;
        auto rp = self->make_response_promise();
        if (s.link.state() != storage::link_state::up) {
          deliver_status(rp, down_status(s));
          return rp;
        }
        auto deadline = clock::now() + req.budget;
        if (!s.idle.empty()) {
          auto w = s.idle.back();
          s.idle.pop_back();
          run(self, w, std::move(req), rp, deadline);
          return rp;
        }
        if (static_cast<int>(s.queue.size()) >= s.clients->settings().max_queue) {
          ++s.counters.overloaded;
          deliver_status(rp, storage::status::overloaded("mongodb pool queue is full"));
          return rp;
        }
        auto id = s.next_id++;
        auto wait = std::min<milliseconds>(s.clients->settings().wait_queue_timeout, req.budget);
        s.queue.push_back(waiting{id, std::move(req), rp, deadline});
        self->delayed_send(self, wait, expire_atom::value, id);
        return rp;
      },
      [=](expire_atom, uint64_t id) {
        auto& q = self->state.queue;
        auto it = std::find_if(q.begin(), q.end(), [&](const waiting& w) { return w.id == id; });
        if (it == q.end())
          return;
        ++self->state.counters.timeouts;
        deliver_status(it->rp, storage::status::timeout("no mongodb worker became free in time"));
        q.erase(it);
      },
      [=](retry_atom) {
        self->state.probe_pending = false;
        probe(self);
      },
      [=](done_atom, const caf::actor& worker, const worker_outcome& out) { finish(self, worker, out); },
      [=](stats_atom) { return snapshot(self->state); },
      // A worker's answer to a message nobody waits for; dropping it must not disturb anything.
      [](const worker_outcome&) {},
      [=](check_atom) -> caf::result<store_health> {
        auto& s = self->state;
        auto rp = self->make_response_promise<store_health>();
        if (s.link.state() != storage::link_state::up || s.check_in_flight) {
          rp.deliver(store_health{"fail", std::nullopt, snapshot(s)});
          return rp;
        }
        s.check_in_flight = true;
        // Saturated when the check arrives counts too: the ping may have to wait for a client
        // until the held ones come back, and by its answer the pool can look calm again.
        const auto at_arrival = snapshot(s);
        const bool saturated = at_arrival.waiting > 0 || at_arrival.idle == 0;
        self->request(s.prober, check_budget, check_atom::value)
            .then(
                [=](const worker_outcome& out) mutable {
                  self->state.check_in_flight = false;
                  if (out.code != storage::code::ok) {
                    if (self->state.link.state() == storage::link_state::up)
                      note_failure(self, out.status());
                    rp.deliver(store_health{"fail", std::nullopt, snapshot(self->state)});
                    return;
                  }
                  auto stats = snapshot(self->state);
                  bool degraded = saturated || stats.waiting > 0 || stats.idle == 0;
                  rp.deliver(store_health{degraded ? "warn" : "pass", out.latency_ms, stats});
                },
                [=](caf::error&) mutable {
                  // The ping did not answer within its budget: the server hangs. Requests fail
                  // fast from now on, and the prober's late answer (or the next probe) ends it.
                  self->state.check_in_flight = false;
                  if (self->state.link.state() == storage::link_state::up)
                    note_failure(self, storage::status::timeout("ping timed out").because(storage::failure_cause::timeout));
                  rp.deliver(store_health{"fail", std::nullopt, snapshot(self->state)});
                });
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_mongo_pool(caf::actor_system& sys, std::shared_ptr<storage::mongo_client_pool> clients) {
  return sys.spawn(mongo_pool, std::move(clients));
}

}  // namespace actors
