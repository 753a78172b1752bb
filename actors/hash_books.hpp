// The password hasher's bookkeeping, with no actor in it: which jobs are in flight (running or
// waiting in a worker's mailbox), on which worker, and how many each fairness key holds.
//
// A job is admitted only when
//   - each of its keys (the account and the client address: hash_owner.hpp) holds fewer than
//     `per_key` jobs, and
//   - fewer than `max_pending` jobs are in flight in all;
// otherwise it is refused at once, and nothing is counted. `per_key` is kept below
// `max_pending` (when that is at least 2), so that one account or one address can never fill the
// queue: a flood by one user leaves room for everyone else. An empty key counts for nothing.
//
// A job ends exactly once: when its answer comes back (release), or when its worker dies
// (worker_down releases all of that worker's jobs); releasing an ended job again does nothing,
// so the two may arrive in either order. Admitted jobs go to the worker with the fewest.
//
// Memory is bounded by `max_pending`: at most that many jobs and twice as many keys are held.
// Thread-compatible: one hasher front owns one instance (tests/actors/hash_books_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/hash_owner.hpp"

namespace actors {

class hash_books {
public:
  using ticket = std::uint64_t;

  struct limits {
    size_t workers = 1;      // at least 1
    size_t max_pending = 1;  // jobs in flight in all; at least `workers`
    size_t per_key = 2;      // jobs in flight per account or address; kept below max_pending
  };

  enum class verdict { admitted, key_full, queue_full };

  struct admission {
    verdict outcome = verdict::queue_full;
    ticket id = 0;      // admitted only
    size_t worker = 0;  // admitted only: the worker to send it to
  };

  explicit hash_books(limits l);

  // Admits a job for `owner` or says why not (nothing is counted then).
  admission admit(const hash_owner& owner);
  // The job's answer came back: true the first time, false for an ended or unknown ticket.
  bool release(ticket id);
  // Worker `worker` died: every job it held ends. Returns how many.
  size_t worker_down(size_t worker);

  size_t pending() const { return jobs_.size(); }
  size_t jobs_on(size_t worker) const { return worker < load_.size() ? load_[worker] : 0; }
  // Jobs the account or the address holds now.
  size_t held_by_account(const std::string& account) const { return held(account_key(account)); }
  size_t held_by_address(const std::string& address) const { return held(address_key(address)); }
  size_t keys() const { return held_.size(); }  // keys holding at least one job
  const limits& effective() const { return limits_; }

private:
  struct job {
    size_t worker = 0;
    std::string keys[2];  // empty: none
  };
  static std::string account_key(const std::string& account) { return account.empty() ? "" : "a:" + account; }
  static std::string address_key(const std::string& address) { return address.empty() ? "" : "i:" + address; }
  size_t held(const std::string& key) const;
  void end(const job& j);

  limits limits_;
  ticket next_ = 1;
  std::vector<size_t> load_;  // jobs per worker
  std::unordered_map<ticket, job> jobs_;
  std::unordered_map<std::string, size_t> held_;
};

}  // namespace actors
