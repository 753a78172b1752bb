#include "http/login_throttle.hpp"

#include <algorithm>

namespace http {

int login_throttle::retry_after_s(const std::string& email, clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(email);
  if (it == entries_.end() || now >= it->second.blocked_until)
    return 0;
  const auto left = std::chrono::ceil<std::chrono::seconds>(it->second.blocked_until - now);
  return static_cast<int>(std::max<std::chrono::seconds::rep>(1, left.count()));
}

void login_throttle::failed(const std::string& email, clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(email);
  if (it == entries_.end()) {
    make_room(now);
    it = entries_.emplace(email, entry{}).first;
  }
  auto& e = it->second;
  if (e.failures > 0 && now - e.last_failure > s_.window)
    e = entry{};
  ++e.failures;
  e.last_failure = now;
  const int over = e.failures - s_.free_failures;
  if (over <= 0)
    return;
  // first_delay · 2^(over - 1), capped; the shift is bounded so it cannot overflow.
  const auto doubled = s_.first_delay * (std::int64_t{1} << std::min(over - 1, 30));
  e.blocked_until = now + std::min<std::chrono::seconds>(doubled, s_.max_delay);
}

void login_throttle::succeeded(const std::string& email) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(email);
}

size_t login_throttle::tracked() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void login_throttle::make_room(clock::time_point now) {
  if (entries_.size() < s_.max_entries)
    return;
  for (auto it = entries_.begin(); it != entries_.end();)
    it = (now - it->second.last_failure > s_.window && now >= it->second.blocked_until) ? entries_.erase(it) : std::next(it);
  // Still full of fresh records (a flood of distinct emails): drop arbitrary ones rather than grow.
  while (entries_.size() >= s_.max_entries)
    entries_.erase(entries_.begin());
}

}  // namespace http
