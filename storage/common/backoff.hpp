// Retry policy: exponential backoff with full jitter (sleep = uniform(0, min(cap, initial*2^n))).
// Pure and deterministic given the random draw, so it is unit-tested without a server.
#pragma once

#include <chrono>
#include <cstdint>

namespace storage {

struct retry_settings {
  int startup_attempts = 5;                       // connection attempts before `serve` gives up
  std::chrono::milliseconds backoff_initial{500};  // first ceiling of the jittered sleep
  std::chrono::milliseconds backoff_cap{10000};    // the ceiling never grows past this
};

// The ceiling for attempt n (0-based): min(cap, initial * 2^n), without overflow.
std::chrono::milliseconds backoff_ceiling(const retry_settings& s, int attempt);

// Full jitter: `unit` in [0, 1) picks a point between zero and the ceiling.
std::chrono::milliseconds backoff_delay(const retry_settings& s, int attempt, double unit);

// A uniform draw in [0, 1) from a per-thread generator seeded by the OS (thread-safe; not for
// secrets: jitter needs spread only).
double random_unit();

}  // namespace storage
