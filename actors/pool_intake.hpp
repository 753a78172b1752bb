// The shell both pool actors put around their books (pool_books.hpp) for the requests that
// arrive: refuse, run at once, or queue with a ticket whose timer ends the wait; and the link
// state's part of their stats. The books decide; the intake delivers the answers and sets the
// timers. Time is the pool's CAF clock (self->clock()), so a test on CAF's deterministic
// scheduler moves it exactly (tests/support/actor_harness.hpp).
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <utility>

#include <caf/all.hpp>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/pool_books.hpp"
#include "actors/pool_stats.hpp"
#include "storage/common/reconnect_state.hpp"

namespace actors {

// A request waiting for a worker, with its caller's promise.
template <class Request>
struct pool_job {
  Request req;
  caf::response_promise rp;
};

template <class Request>
using job_books = pool_books<pool_job<Request>>;

// The books' stats with the link state (up | reconnecting | down, the last error and cause,
// the next attempt, counted from `now`: the pool's CAF clock).
inline pool_stats stats_with_link(pool_stats out, const storage::reconnect_state& link,
                                  caf::actor_clock::time_point now) {
  out.state = std::string(storage::to_string(link.state()));
  out.last_error = link.last_error();
  out.last_cause = link.last_cause();
  out.next_retry_in_ms = link.next_retry_in_ms(now);
  return out;
}

// A pool's request intake: its books, its clock and timers (the pool actor), the queue's bound
// and the refusals. Built once by the pool actor, which lives as long as it does.
template <class Request>
class pool_intake {
 public:
  using time_point = caf::actor_clock::time_point;
  // Runs a request on the worker just taken from the idle stack, with the request's deadline.
  using run_fn = std::function<void(caf::actor_id, Request, caf::response_promise, time_point)>;

  // What the intake is wired to; all of it belongs to the pool actor.
  struct wiring {
    caf::local_actor* self = nullptr;              // the pool: its clock
    // Sets the timer of a queued request: the pool sends itself (expire_atom, ticket) after `wait`.
    std::function<void(std::chrono::milliseconds wait, uint64_t ticket)> expire_after;
    const char* store = "";                        // "postgresql" | "mongodb", in the refusals
    pool_limits limits;                            // the books' limits
    std::chrono::milliseconds max_wait{0};         // the queue's bound (acquire / wait-queue timeout)
    const storage::reconnect_state* link = nullptr;  // the pool's link: why it is down
    std::function<bool()> is_down;                 // refuse at once while it says so
    run_fn run_on;
  };

  pool_intake() : books_(pool_limits{}) {}
  explicit pool_intake(wiring w) : w_(std::move(w)), books_(w_.limits) {}

  job_books<Request>& books() { return books_; }
  const job_books<Request>& books() const { return books_; }

  // A request arrives: refused without an answer (`internal`) or while down (down_status);
  // run at once on the most recently used idle worker; else queued until `max_wait` or its
  // own budget, the shorter, ends (the pool sends itself (expire_atom, ticket) then:
  // end_wait); refused as `overloaded` when the queue is full. Returns whether it was queued
  // (the pool may grow).
  bool take(Request& req, caf::response_promise rp) {
    if (!req.answer) {
      deliver_status(rp, storage::status::internal("a pool request needs an answer"));
      return false;
    }
    if (w_.is_down()) {
      deliver_status(rp, down_status());
      return false;
    }
    auto deadline = w_.self->clock().now() + req.budget;
    if (auto id = books_.take_idle()) {
      w_.run_on(*id, std::move(req), std::move(rp), deadline);
      return false;
    }
    auto wait = std::min(w_.max_wait, req.budget);
    auto ticket = books_.enqueue(pool_job<Request>{std::move(req), rp}, deadline);
    if (!ticket) {
      deliver_status(rp, storage::status::overloaded(std::string(w_.store) + " pool queue is full"));
      return false;
    }
    w_.expire_after(wait, *ticket);
    return true;
  }

  // A queued request's wait ended (its ticket's timer): `timeout`, unless a worker took it first.
  void end_wait(uint64_t ticket) {
    if (auto job = books_.expire(ticket))
      deliver_status(job->rp, storage::status::timeout(std::string("no ") + w_.store + " connection became free in time"));
  }

  // Fails every queued request with down_status (the store went down under them).
  void fail_queue() {
    for (auto& job : books_.drain())
      deliver_status(job.rp, down_status());
  }

  // What a request is refused with while the store is down: `unavailable`, the link's last
  // error and cause.
  storage::status down_status() const {
    return storage::status::unavailable(std::string(w_.store) + " unavailable: " +
                                        w_.link->last_error().value_or("no connection"))
        .because(w_.link->last_cause());
  }

  // The books' stats with the link state, now.
  pool_stats stats() const { return stats_with_link(books_.stats(), *w_.link, w_.self->clock().now()); }

 private:
  wiring w_;
  job_books<Request> books_;
};

}  // namespace actors
