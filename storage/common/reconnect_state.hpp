// The reconnection state machine shared by both pools: up / reconnecting / down, the last
// error, and when the next attempt may run (exponential backoff with full jitter, forever).
// Pure: time and randomness come in as arguments, so it is unit-tested without a server.
// Thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "storage/common/backoff.hpp"
#include "storage/common/status.hpp"

namespace storage {

enum class link_state { up, reconnecting, down };

std::string_view to_string(link_state s);

class reconnect_state {
public:
  using clock = std::chrono::steady_clock;

  explicit reconnect_state(retry_settings s) : settings_(s) {}

  // A connection attempt failed at `now`: the state leaves `up` for `reconnecting`, and after
  // `startup_attempts` consecutive failures is `down` (attempts go on). Returns the delay
  // before the next attempt; `unit` in [0, 1) is the jitter draw.
  std::chrono::milliseconds on_failure(clock::time_point now, const status& error, double unit);

  // A connection was opened or a check passed.
  void on_success();

  link_state state() const { return state_; }
  // Consecutive failures since the last success.
  int failures() const { return failures_; }
  // The last failure's message (for the log) and cause (for /health), kept after recovery.
  const std::optional<std::string>& last_error() const { return last_error_; }
  failure_cause last_cause() const { return last_cause_; }
  // Whether an attempt may start now (false while a backoff delay runs).
  bool may_attempt(clock::time_point now) const { return !next_attempt_ || now >= *next_attempt_; }
  // Milliseconds until the next attempt (0 when one may start now; nullopt when up).
  std::optional<long long> next_retry_in_ms(clock::time_point now) const;

private:
  retry_settings settings_;
  link_state state_ = link_state::up;
  int failures_ = 0;
  std::optional<std::string> last_error_;
  failure_cause last_cause_ = failure_cause::none;
  std::optional<clock::time_point> next_attempt_;
};

}  // namespace storage
