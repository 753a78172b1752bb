// The shell both pool actors put around their books (pool_books.hpp) for the requests that
// arrive: refuse, run at once, or queue with a ticket whose timer ends the wait; and the link
// state's part of their stats. The books decide; this delivers the answers and sets the timers.
// Time is the pool's CAF clock (self->clock()), so a test on CAF's deterministic scheduler
// moves it exactly (tests/support/actor_harness.hpp).
#pragma once

#include <algorithm>
#include <chrono>
#include <string>

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

// What a request is refused with while the store is down: `unavailable`, the link's last
// error and cause.
inline storage::status down_status(const char* store, const storage::reconnect_state& link) {
  return storage::status::unavailable(std::string(store) + " unavailable: " + link.last_error().value_or("no connection"))
      .because(link.last_cause());
}

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

// A request arrives at the pool of `store`: refused without an answer (`internal`) or while
// `down` (down_status); run at once on the most recently used idle worker
// (`run_on(id, req, rp, deadline)`); else queued until `max_wait` or its own budget, the
// shorter, ends (the pool sends itself (expire_atom, ticket) then: end_wait); refused as
// `overloaded` when the queue is full. Returns whether it was queued (the pool may grow).
template <class Request, class Self, class RunOn>
bool take_request(Self* self, job_books<Request>& books, Request& req, caf::response_promise rp, const char* store,
                  bool down, const storage::reconnect_state& link, std::chrono::milliseconds max_wait, RunOn run_on) {
  if (!req.answer) {
    deliver_status(rp, storage::status::internal("a pool request needs an answer"));
    return false;
  }
  if (down) {
    deliver_status(rp, down_status(store, link));
    return false;
  }
  auto deadline = self->clock().now() + req.budget;
  if (auto id = books.take_idle()) {
    run_on(*id, std::move(req), std::move(rp), deadline);
    return false;
  }
  auto wait = std::min(max_wait, req.budget);
  auto ticket = books.enqueue(pool_job<Request>{std::move(req), rp}, deadline);
  if (!ticket) {
    deliver_status(rp, storage::status::overloaded(std::string(store) + " pool queue is full"));
    return false;
  }
  self->delayed_send(self, wait, expire_atom::value, *ticket);
  return true;
}

// A queued request's wait ended (its ticket's timer): `timeout`, unless a worker took it first.
template <class Request>
void end_wait(job_books<Request>& books, uint64_t ticket, const char* store) {
  if (auto job = books.expire(ticket))
    deliver_status(job->rp, storage::status::timeout(std::string("no ") + store + " connection became free in time"));
}

}  // namespace actors
