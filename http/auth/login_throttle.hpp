// Slows password guessing against one account. After `free_failures` failed logins for an
// email (within `window` of each other), that email's next attempts are refused (429 with
// Retry-After) until a delay has passed that doubles with every further failure, up to
// `max_delay`. Keyed by the normalised email (trimmed, lower-case, at most 254 bytes: the
// longest valid address) whether or not an account has it, so the answer says nothing about
// which emails exist. A successful login clears the record.
//
// Checking and counting are one step (admit): an attempt counts as a failure from the moment
// it is admitted, and a success takes that back, so concurrent guesses cannot all slip in
// before the first failure is recorded.
//
// Memory is fixed whatever clients send: records live in a table of `slots` entries (4-way
// sets), keyed by a keyed 64-bit hash (SipHash, a random key per process) of the email. When a
// set is full, a new email takes the place of a stale record first, else of the one with the
// fewest failures, so a flood of distinct emails cannot push out a record that holds an
// account; two emails whose hashes collide share a record (rare, and only ever stricter).
//
// The price: anyone can delay a victim's logins by failing on their email, by at most
// `max_delay` at a time; nobody is ever locked out for good. Per process (instances behind a
// load balancer each count on their own: docs/api.md). Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "storage/crypto/digest.hpp"

namespace http {

class login_throttle {
public:
  using clock = std::chrono::steady_clock;
  struct settings {
    int free_failures = 5;
    std::chrono::seconds first_delay{1};
    std::chrono::seconds max_delay{300};
    std::chrono::seconds window{900};  // failures further apart than this start over
    size_t slots = 65536;              // records kept (rounded up to a multiple of 4)
  };

  login_throttle() : login_throttle(settings{}) {}
  explicit login_throttle(settings s);

  // 0 when `email` may try now (the attempt is counted as a failure until succeeded());
  // otherwise the whole seconds (rounded up) before it may try again (nothing is counted).
  int admit(std::string_view email, clock::time_point now);
  // The admitted attempt succeeded: the record is cleared.
  void succeeded(std::string_view email);
  // The admitted attempt could not be decided (a store or the hasher failed): it does not
  // count. Any delay it started stays (a refund never shortens a hold).
  void refund(std::string_view email);
  // Whole seconds before `email` may try again, without counting anything.
  int retry_after_s(std::string_view email, clock::time_point now) const;
  size_t tracked(clock::time_point now) const;  // records still in their window or held

  // The key an email is counted under: trimmed, ASCII lower-case, at most 254 bytes.
  static std::string normalise(std::string_view email);

private:
  static constexpr size_t ways = 4;
  struct record {
    uint64_t tag = 0;  // 0: empty
    int failures = 0;
    clock::time_point last_failure{};
    clock::time_point blocked_until{};
  };
  uint64_t tag_of(std::string_view email) const;
  record* find(uint64_t tag);
  const record* find(uint64_t tag) const;
  bool stale(const record& r, clock::time_point now) const;
  static int seconds_until(clock::time_point t, clock::time_point now);

  settings s_;
  storage::short_hash_key key_{};
  mutable std::mutex mutex_;
  std::vector<record> table_;
};

}  // namespace http
