#include "storage/common/reconnect_state.hpp"

namespace storage {

std::string_view to_string(link_state s) {
  switch (s) {
    case link_state::up: return "up";
    case link_state::reconnecting: return "reconnecting";
    case link_state::down: return "down";
  }
  return "down";
}

std::chrono::milliseconds reconnect_state::on_failure(clock::time_point now, const status& error, double unit) {
  auto delay = backoff_delay(settings_, failures_, unit);
  ++failures_;
  last_error_ = error.message();
  last_cause_ = error.cause();
  state_ = failures_ >= settings_.startup_attempts ? link_state::down : link_state::reconnecting;
  next_attempt_ = now + delay;
  return delay;
}

void reconnect_state::on_success() {
  state_ = link_state::up;
  failures_ = 0;
  next_attempt_.reset();
  // last_error_ is kept: health shows what went wrong last, even after recovery.
}

std::optional<long long> reconnect_state::next_retry_in_ms(clock::time_point now) const {
  if (state_ == link_state::up || !next_attempt_)
    return std::nullopt;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*next_attempt_ - now).count();
  return left > 0 ? left : 0;
}

}  // namespace storage
