#include "http/front_hold.hpp"

#include <atomic>
#include <thread>

namespace http {

namespace {

using clock = std::chrono::steady_clock;

// The end of the hold in clock ticks; 0 (the past) when not held. One relaxed load per request.
std::atomic<clock::rep> held_until{0};

}  // namespace

void hold_front_for(std::chrono::milliseconds d) {
  held_until = (clock::now() + d).time_since_epoch().count();
}

void wait_while_front_held() {
  if (held_until.load(std::memory_order_relaxed) == 0)
    return;
  // Polled, not signalled: this only runs in the supervision tests, where a held thread is the point.
  while (clock::now().time_since_epoch().count() < held_until.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

}  // namespace http
