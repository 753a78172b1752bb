// The bookkeeping both pool actors share, with no actor in it: which workers are connecting,
// idle or busy; when each connection was opened, expires and was last used; the wait queue
// with each request's deadline; what to open, close and ping; and the pool's counters.
//
// Idle workers form a LIFO stack: the most recently used goes out first, so under light load
// the same few connections serve everything and the rest drift to the bottom, where they
// expire or close as surplus. The queue is FIFO. Time comes in as arguments, so every rule is
// unit-tested without actors or servers (tests/actors/pool_books_test.cpp).
//
// `Job` is what a waiting request carries (for the pools: the request and its caller's
// promise). Thread-compatible: one pool actor owns one instance.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/pool_stats.hpp"

namespace actors {

struct pool_limits {
  int base = 1;            // connections kept open
  int max = 1;             // base plus overflow
  int max_queue = 0;       // requests that may wait; one more is refused (overloaded)
  int max_connecting = 1;  // connections opened at once
  std::chrono::milliseconds overflow_idle = std::chrono::milliseconds::max();  // surplus closes after this idle time
};

template <class Job>
class pool_books {
public:
  using clock = std::chrono::steady_clock;  // for its time_point only: time comes in as arguments
  using time_point = clock::time_point;
  using worker_id = std::uint64_t;
  using ticket = std::uint64_t;

  enum class phase { connecting, idle, busy };

  struct slot {
    phase at = phase::connecting;
    time_point opened{};
    time_point expires = time_point::max();  // recycled after this
    time_point last_used{};                  // when it last finished work
  };

  // What a worker coming back from a job turns into.
  enum class returned { idle, expired, unknown };

  // A waiting job meets an idle worker.
  struct assignment {
    worker_id worker;
    Job job;
    time_point deadline;
  };

  // What maintenance found: workers to close (expired or idle surplus, already off the books)
  // and idle workers to ping (now busy).
  struct chores {
    std::vector<worker_id> close;
    std::vector<worker_id> ping;
  };

  explicit pool_books(pool_limits limits) : limits_(limits) {}

  // -- workers --------------------------------------------------------------------------------

  // A connection is being opened for `id`.
  void add_connecting(worker_id id) { slots_[id] = slot{}; }

  // `id` has an open connection (after connecting, or new): it joins the idle stack.
  void add_open(worker_id id, time_point now, time_point expires) {
    slots_[id] = slot{phase::idle, now, expires, now};
    push_idle(id);
  }

  // `id` leaves the books (retired, failed to connect, crashed). False when it was unknown.
  bool remove(worker_id id) {
    drop_idle(id);
    return slots_.erase(id) > 0;
  }

  bool knows(worker_id id) const { return slots_.count(id) > 0; }
  const slot* find(worker_id id) const {
    auto it = slots_.find(id);
    return it == slots_.end() ? nullptr : &it->second;
  }

  // The most recently used idle worker, taken off the stack (still marked idle until start()).
  std::optional<worker_id> take_idle() {
    if (idle_.empty())
      return std::nullopt;
    auto id = idle_.back();
    idle_.pop_back();
    return id;
  }

  // Starts a job with deadline `deadline` on `id`, just taken from the stack: the worker is
  // busy, `acquired` counts it (unless it is the pool's own ping), and the result is the budget
  // left. When the deadline has passed already, the worker goes back unused, a timeout is
  // counted, and the result is empty.
  std::optional<std::chrono::milliseconds> start(worker_id id, time_point deadline, time_point now,
                                                 bool for_caller = true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (left.count() <= 0) {
      ++counters_.timeouts;
      push_idle(id);
      return std::nullopt;
    }
    slots_.at(id).at = phase::busy;
    if (for_caller)
      ++counters_.acquired;
    return left;
  }

  // `id` finished a job at `now`. `renewed_expiry`: the worker replaced its connection while
  // serving, which lives until then. An expired connection leaves the books (the pool closes it).
  returned give_back(worker_id id, time_point now, std::optional<time_point> renewed_expiry = std::nullopt) {
    auto it = slots_.find(id);
    if (it == slots_.end())
      return returned::unknown;
    it->second.last_used = now;
    if (renewed_expiry)
      it->second.expires = *renewed_expiry;
    if (now >= it->second.expires) {
      slots_.erase(it);
      return returned::expired;
    }
    push_idle(id);
    return returned::idle;
  }

  // -- the wait queue -------------------------------------------------------------------------

  // Queues `job` until `deadline`; its ticket, or nothing when the queue is full (counted as
  // overloaded).
  std::optional<ticket> enqueue(Job job, time_point deadline) {
    if (static_cast<int>(queue_.size()) >= limits_.max_queue) {
      ++counters_.overloaded;
      return std::nullopt;
    }
    auto t = next_ticket_++;
    queue_.push_back(waiting{t, std::move(job), deadline});
    return t;
  }

  // The job behind `t`, whose wait ended (counted as a timeout); nothing when it was served.
  std::optional<Job> expire(ticket t) {
    auto it = std::find_if(queue_.begin(), queue_.end(), [&](const waiting& w) { return w.id == t; });
    if (it == queue_.end())
      return std::nullopt;
    ++counters_.timeouts;
    Job job = std::move(it->job);
    queue_.erase(it);
    return job;
  }

  // The oldest waiting job with the most recently used idle worker; nothing when either is
  // missing. The worker is still to be start()ed.
  std::optional<assignment> next_assignment() {
    if (queue_.empty() || idle_.empty())
      return std::nullopt;
    auto id = *take_idle();
    auto w = std::move(queue_.front());
    queue_.pop_front();
    return assignment{id, std::move(w.job), w.deadline};
  }

  // Every waiting job, oldest first; the queue is empty after.
  std::vector<Job> drain() {
    std::vector<Job> out;
    out.reserve(queue_.size());
    for (auto& w : queue_)
      out.push_back(std::move(w.job));
    queue_.clear();
    return out;
  }

  // -- growth and maintenance -----------------------------------------------------------------

  // How many connections to open now: below the base size, or one per waiting request not yet
  // covered by a connection being opened; never past `max`, at most `max_connecting` opening
  // at once, one at a time `after_failures` (a probe, not a storm), none while `backing_off`.
  int openings(bool backing_off, bool after_failures) const {
    if (backing_off)
      return 0;
    const int limit = after_failures ? 1 : limits_.max_connecting;
    const int total = static_cast<int>(slots_.size());
    const int connecting = connecting_count();
    const int queued = static_cast<int>(queue_.size());
    int n = 0;
    while (connecting + n < limit && total + n < limits_.max) {
      const bool below_base = total + n < limits_.base;
      const bool demand = queued > connecting + n;
      if (!below_base && !demand)
        break;
      ++n;
    }
    return n;
  }

  // Idle connections that expired, or are surplus over the base size and idle past
  // `overflow_idle`, leave the books to be closed; those idle past `ping_after` are taken to
  // be pinged (busy until they come back).
  chores maintain(time_point now, std::chrono::milliseconds ping_after) {
    chores out;
    int open = open_count();
    const auto idle_now = idle_;
    for (auto id : idle_now) {
      const auto& s = slots_.at(id);
      const bool expired = now >= s.expires;
      const bool surplus = open > limits_.base && now - s.last_used >= limits_.overflow_idle;
      if (expired || surplus) {
        remove(id);
        --open;
        out.close.push_back(id);
      } else if (now - s.last_used >= ping_after) {
        drop_idle(id);
        slots_.at(id).at = phase::busy;
        out.ping.push_back(id);
      }
    }
    return out;
  }

  // -- gauges and counters --------------------------------------------------------------------

  int open_count() const { return static_cast<int>(slots_.size()) - connecting_count(); }
  int connecting_count() const {
    return static_cast<int>(std::count_if(slots_.begin(), slots_.end(),
                                          [](const auto& kv) { return kv.second.at == phase::connecting; }));
  }
  int idle_count() const { return static_cast<int>(idle_.size()); }
  int waiting_count() const { return static_cast<int>(queue_.size()); }

  pool_stats& counters() { return counters_; }

  // The counters with the gauges filled in (the link state is the pool's to add).
  pool_stats stats() const {
    pool_stats out = counters_;
    out.size = open_count();
    out.idle = idle_count();
    out.in_use = out.size - out.idle;
    out.waiting = waiting_count();
    out.connecting = connecting_count();
    out.max = limits_.max;
    return out;
  }

private:
  struct waiting {
    ticket id;
    Job job;
    time_point deadline;
  };

  void push_idle(worker_id id) {
    slots_.at(id).at = phase::idle;
    idle_.push_back(id);
  }
  void drop_idle(worker_id id) { idle_.erase(std::remove(idle_.begin(), idle_.end(), id), idle_.end()); }

  pool_limits limits_;
  std::unordered_map<worker_id, slot> slots_;
  std::vector<worker_id> idle_;  // LIFO
  std::deque<waiting> queue_;
  ticket next_ticket_ = 1;
  pool_stats counters_;
};

}  // namespace actors
