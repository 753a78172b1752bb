#include "actors/pg_pool.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/pg_worker.hpp"
#include "actors/pool_stats.hpp"
#include "storage/common/reconnect_state.hpp"

namespace actors {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

enum class phase { connecting, idle, busy };

struct worker_info {
  caf::actor handle;
  phase at = phase::connecting;
  clock::time_point opened;     // when the connection was opened
  clock::time_point expires;    // recycle after this (jittered)
  clock::time_point last_used;  // when it last finished work
};

struct waiting {
  uint64_t id;
  pg_request req;
  caf::response_promise rp;
  clock::time_point deadline;
};

constexpr milliseconds maintenance_period{1000};
constexpr milliseconds idle_check_after{5000};  // idle connections are pinged this often

}  // namespace

struct pg_pool_state {
  storage::pg_settings settings;
  std::unordered_map<caf::actor_id, worker_info> workers;
  std::vector<caf::actor_id> idle;  // LIFO: the least recently used drift out and expire
  std::deque<waiting> queue;
  storage::reconnect_state link{storage::retry_settings{}};
  bool retry_pending = false;
  uint64_t next_id = 1;
  pool_stats counters;

  int open_count() const {
    int n = 0;
    for (auto& [id, w] : workers)
      n += w.at != phase::connecting;
    return n;
  }
  int connecting_count() const { return static_cast<int>(workers.size()) - open_count(); }
  int max_size() const { return settings.pool_size + settings.max_overflow; }

  ~pg_pool_state() {
    for (auto& [id, w] : workers)
      caf::anon_send_exit(w.handle, caf::exit_reason::user_shutdown);
  }
};

namespace {

using pool_ptr = caf::stateful_actor<pg_pool_state>*;

void pump(pool_ptr self);

clock::time_point jittered_expiry(const storage::pg_settings& s, clock::time_point now) {
  auto life = std::chrono::duration<double>(s.recycle) * (1.0 - s.recycle_jitter * storage::random_unit());
  return now + std::chrono::duration_cast<clock::duration>(life);
}

void retire(pool_ptr self, caf::actor_id id) {
  auto& st = self->state;
  if (auto it = st.workers.find(id); it != st.workers.end()) {
    self->send_exit(it->second.handle, caf::exit_reason::user_shutdown);
    st.workers.erase(it);
  }
  st.idle.erase(std::remove(st.idle.begin(), st.idle.end(), id), st.idle.end());
}

// Fails every queued request when no connection is open and none can be soon.
void fail_queue_if_down(pool_ptr self) {
  auto& st = self->state;
  if (st.open_count() > 0 || st.link.state() == storage::link_state::up)
    return;
  auto msg = "postgresql unavailable: " + st.link.last_error().value_or("no connection");
  for (auto& w : st.queue)
    deliver_status(w.rp, storage::status::unavailable(msg).because(st.link.last_cause()));
  st.queue.clear();
}

void on_connect_failure(pool_ptr self, const storage::status& error) {
  auto& st = self->state;
  auto delay = st.link.on_failure(clock::now(), error, storage::random_unit());
  spdlog::warn("postgresql: connect failed ({}), state {}, next attempt in {} ms", error.message(),
               storage::to_string(st.link.state()), delay.count());
  if (!st.retry_pending) {
    st.retry_pending = true;
    self->delayed_send(self, delay, retry_atom::value);
  }
  fail_queue_if_down(self);
}

void open_connection(pool_ptr self) {
  auto& st = self->state;
  const auto protocol = st.settings.pooler == storage::pg_pooler::none ? storage::pg_protocol::prepared
                                                                      : storage::pg_protocol::unnamed;
  auto worker = self->spawn<caf::detached + caf::monitored>(pg_worker, st.settings.url,
                                                            st.settings.connect_timeout, protocol);
  auto id = worker.id();
  st.workers[id] = worker_info{worker, phase::connecting, {}, {}, {}};
  if (st.link.failures() > 0)
    ++st.counters.reconnects;
  self->request(worker, caf::infinite, connect_atom::value)
      .then(
          [=](const worker_outcome& out) {
            auto& s = self->state;
            auto it = s.workers.find(id);
            if (it == s.workers.end())
              return;
            if (out.code != storage::code::ok) {
              retire(self, id);
              on_connect_failure(self, out.status());
              return;
            }
            if (s.link.state() != storage::link_state::up)
              spdlog::info("postgresql: connected again after {} failed attempts", s.link.failures());
            s.link.on_success();
            auto now = clock::now();
            it->second = worker_info{it->second.handle, phase::idle, now, jittered_expiry(s.settings, now), now};
            s.idle.push_back(id);
            pump(self);
          },
          [=](caf::error&) {
            retire(self, id);
            on_connect_failure(self, storage::status::unavailable("connection worker died"));
          });
}

// Opens connections while requests wait or the pool is below its base size, within the
// connect limit and never during a backoff delay.
void grow(pool_ptr self) {
  auto& st = self->state;
  if (st.retry_pending)
    return;
  // Right after failures, probe with one connection at a time instead of a storm.
  int limit = st.link.failures() > 0 ? 1 : st.settings.max_connecting;
  while (st.connecting_count() < limit && static_cast<int>(st.workers.size()) < st.max_size()) {
    int pending = st.connecting_count();
    bool below_base = static_cast<int>(st.workers.size()) < st.settings.pool_size;
    bool demand = static_cast<int>(st.queue.size()) > pending;
    if (!below_base && !demand)
      break;
    open_connection(self);
  }
}

void release(pool_ptr self, caf::actor_id id, const worker_outcome& out) {
  auto& st = self->state;
  auto it = st.workers.find(id);
  if (it == st.workers.end())
    return;
  if (out.reconnected)
    ++st.counters.reconnects;
  if (out.broken) {
    ++st.counters.broken;
    retire(self, id);
    if (out.code == storage::code::unavailable && st.open_count() == 0)
      on_connect_failure(self, out.status());
    pump(self);
    return;
  }
  auto now = clock::now();
  it->second.last_used = now;
  if (out.reconnected)
    it->second.expires = jittered_expiry(st.settings, now);
  if (now >= it->second.expires) {
    retire(self, id);  // recycled; grow() opens a fresh one if needed
  } else {
    it->second.at = phase::idle;
    st.idle.push_back(id);
  }
  pump(self);
}

// Books a finished job (error counters) and frees its connection.
void finish(pool_ptr self, caf::actor_id id, const worker_outcome& out) {
  self->state.counters.count_outcome(out.counted_code());
  release(self, id, out);
}

// `for_caller` is false for the pool's own maintenance pings, which are not counted as acquires.
void run_on(pool_ptr self, caf::actor_id id, pg_request req, caf::response_promise rp,
            clock::time_point deadline, bool for_caller = true) {
  auto& st = self->state;
  auto& w = st.workers.at(id);
  auto now = clock::now();
  auto left = std::chrono::duration_cast<milliseconds>(deadline - now);
  if (left.count() <= 0) {
    ++st.counters.timeouts;
    deliver_status(rp, storage::status::timeout("deadline passed while waiting for a connection"));
    w.at = phase::idle;  // the connection was never used: it stays in the pool
    st.idle.push_back(id);
    return;
  }
  w.at = phase::busy;
  if (for_caller)
    ++st.counters.acquired;
  bool validate = st.settings.pre_ping && now - w.last_used >= st.settings.pre_ping_idle;
  req.budget = left;
  if (req.answer) {
    // The worker answers the caller itself, then reports (done_atom) for the books.
    rp.delegate(w.handle, run_atom::value, std::move(req), validate, caf::actor_cast<caf::actor>(self), id);
    return;
  }
  self->request(w.handle, caf::infinite, run_atom::value, std::move(req), validate)
      .then(
          [=](const worker_outcome& out) mutable {
            deliver_status(rp, out.status());
            finish(self, id, out);
          },
          [=](caf::error&) mutable {
            deliver_status(rp, storage::status::unavailable("connection worker died"));
            ++self->state.counters.broken;
            retire(self, id);
            pump(self);
          });
}

void pump(pool_ptr self) {
  auto& st = self->state;
  while (!st.queue.empty() && !st.idle.empty()) {
    auto id = st.idle.back();
    st.idle.pop_back();
    auto job = std::move(st.queue.front());
    st.queue.pop_front();
    run_on(self, id, std::move(job.req), std::move(job.rp), job.deadline);
  }
  grow(self);
}

// Recycles expired idle connections, closes idle overflow, pings long-idle connections so a
// restarted server is noticed without waiting for traffic.
void maintain(pool_ptr self) {
  auto& st = self->state;
  auto now = clock::now();
  std::vector<caf::actor_id> idle_now = st.idle;
  int open = st.open_count();
  for (auto id : idle_now) {
    auto& w = st.workers.at(id);
    bool expired = now >= w.expires;
    bool surplus = open > st.settings.pool_size && now - w.last_used >= st.settings.overflow_idle;
    if (expired || surplus) {
      retire(self, id);
      --open;
    } else if (now - w.last_used >= idle_check_after) {
      st.idle.erase(std::remove(st.idle.begin(), st.idle.end(), id), st.idle.end());
      pg_request ping{[](storage::pg_connection& c) { return c.ping(); }, milliseconds{2000}, true};
      // No caller waits: an empty promise drops the answer (a promise to ourselves would send
      // an error message, and CAF's default error handler ends the actor).
      run_on(self, id, std::move(ping), caf::response_promise{}, now + milliseconds{2000}, false);
    }
  }
  grow(self);
}

pool_stats snapshot(const pg_pool_state& st) {
  pool_stats out = st.counters;
  out.size = st.open_count();
  out.idle = static_cast<int>(st.idle.size());
  out.in_use = out.size - out.idle;
  out.waiting = static_cast<int>(st.queue.size());
  out.connecting = st.connecting_count();
  out.max = st.max_size();
  out.state = std::string(storage::to_string(st.link.state()));
  out.last_error = st.link.last_error();
  out.last_cause = st.link.last_cause();
  out.next_retry_in_ms = st.link.next_retry_in_ms(clock::now());
  return out;
}

}  // namespace

namespace {

caf::behavior pg_pool(caf::stateful_actor<pg_pool_state>* self, storage::pg_settings settings) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.link = storage::reconnect_state{st.settings.retry};
  // A stray error message must not end the pool (CAF's default error handler quits).
  self->set_error_handler([](caf::error& err) { spdlog::warn("postgresql pool: unexpected error message {}", caf::to_string(err)); });
  self->set_down_handler([=](caf::down_msg& dm) {
    // A worker that ends outside our control (a crash) is dropped and replaced.
    auto id = dm.source.id();
    if (self->state.workers.count(id)) {
      ++self->state.counters.broken;
      retire(self, id);
      pump(self);
    }
  });
  self->delayed_send(self, maintenance_period, tick_atom::value);
  grow(self);
  return {
      [=](pg_request& req) -> caf::result<ok_atom> {
        auto& s = self->state;
        auto rp = self->make_response_promise();
        auto now = clock::now();
        auto deadline = now + req.budget;
        if (!s.idle.empty()) {
          auto id = s.idle.back();
          s.idle.pop_back();
          run_on(self, id, std::move(req), rp, deadline);
          return rp;
        }
        if (s.open_count() == 0 && s.link.state() != storage::link_state::up) {
          deliver_status(rp, storage::status::unavailable("postgresql unavailable: " +
                                                          s.link.last_error().value_or("no connection"))
                                 .because(s.link.last_cause()));
          return rp;
        }
        if (static_cast<int>(s.queue.size()) >= s.settings.max_queue) {
          ++s.counters.overloaded;
          deliver_status(rp, storage::status::overloaded("postgresql pool queue is full"));
          return rp;
        }
        auto id = s.next_id++;
        auto wait = std::min<milliseconds>(s.settings.acquire_timeout, req.budget);
        s.queue.push_back(waiting{id, std::move(req), rp, deadline});
        self->delayed_send(self, wait, expire_atom::value, id);
        grow(self);
        return rp;
      },
      [=](expire_atom, uint64_t id) {
        auto& q = self->state.queue;
        auto it = std::find_if(q.begin(), q.end(), [&](const waiting& w) { return w.id == id; });
        if (it == q.end())
          return;
        ++self->state.counters.timeouts;
        deliver_status(it->rp, storage::status::timeout("no postgresql connection became free in time"));
        q.erase(it);
      },
      [=](retry_atom) {
        self->state.retry_pending = false;
        grow(self);
      },
      [=](tick_atom) {
        maintain(self);
        self->delayed_send(self, maintenance_period, tick_atom::value);
      },
      [=](done_atom, caf::actor_id id, const worker_outcome& out) { finish(self, id, out); },
      [=](stats_atom) { return snapshot(self->state); },
      // A worker's answer to a message nobody waits for; dropping it must not disturb anything.
      [](const worker_outcome&) {},
      [=](check_atom) -> caf::result<store_health> {
        auto& s = self->state;
        auto rp = self->make_response_promise<store_health>();
        if (s.open_count() == 0 && s.link.state() != storage::link_state::up) {
          rp.deliver(store_health{"fail", std::nullopt, snapshot(s)});
          return rp;
        }
        auto started = clock::now();
        pg_request ping{[](storage::pg_connection& c) { return c.ping(); }, milliseconds{1500}, true};
        self->request(caf::actor_cast<caf::actor>(self), milliseconds{1800}, std::move(ping))
            .then(
                [=](ok_atom) mutable {
                  auto& s2 = self->state;
                  auto ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
                  auto stats = snapshot(s2);
                  bool degraded = stats.state != "up" || stats.waiting > 0 ||
                                  (stats.in_use >= stats.max && stats.max > 0);
                  rp.deliver(store_health{degraded ? "warn" : "pass", ms, stats});
                },
                [=](caf::error& err) mutable {
                  // The pool learns of the failure through the retired connection; the report
                  // says at once what the check saw.
                  auto stats = snapshot(self->state);
                  if (!stats.last_error) {
                    const auto why = status_of(err);
                    stats.last_error = why.message();
                    stats.last_cause = why.cause();
                  }
                  rp.deliver(store_health{"fail", std::nullopt, stats});
                });
        return rp;
      },
  };
}

}  // namespace

caf::actor spawn_pg_pool(caf::actor_system& sys, storage::pg_settings settings) {
  return sys.spawn(pg_pool, std::move(settings));
}

}  // namespace actors
