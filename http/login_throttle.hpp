// Slows password guessing against one account. After `free_failures` failed logins for an
// email (within `window` of each other), that email's next attempts are refused (429 with
// Retry-After) until a delay has passed that doubles with every further failure, up to
// `max_delay`. Keyed by the normalized email whether or not an account has it, so the answer
// says nothing about which emails exist. A successful login clears the record.
//
// The price: anyone can delay a victim's logins by failing on their email, by at most
// `max_delay` at a time; nobody is ever locked out for good. Per-process (instances behind a
// load balancer each count on their own). Thread-safe; at most `max_entries` emails are
// tracked (stale ones are dropped first).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace http {

class login_throttle {
public:
  using clock = std::chrono::steady_clock;
  struct settings {
    int free_failures = 5;
    std::chrono::seconds first_delay{1};
    std::chrono::seconds max_delay{300};
    std::chrono::seconds window{900};  // failures further apart than this start over
    size_t max_entries = 100000;
  };

  login_throttle() : login_throttle(settings{}) {}
  explicit login_throttle(settings s) : s_(s) {}

  // Whole seconds (rounded up) before `email` may try again; 0 when it may try now.
  int retry_after_s(const std::string& email, clock::time_point now) const;
  void failed(const std::string& email, clock::time_point now);
  void succeeded(const std::string& email);
  size_t tracked() const;  // emails with a record

private:
  struct entry {
    int failures = 0;
    clock::time_point last_failure;
    clock::time_point blocked_until;
  };
  void make_room(clock::time_point now);

  settings s_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace http
