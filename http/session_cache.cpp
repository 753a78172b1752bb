#include "http/session_cache.hpp"

namespace http {

std::optional<cached_session> session_cache::fresh(const std::string& token_hash, int64_t now_us) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end() || it->second.session.expires_at_us <= now_us ||
      clock::now() - it->second.validated > fresh_for_)
    return std::nullopt;
  return it->second.session;
}

std::optional<cached_session> session_cache::stale(const std::string& token_hash, int64_t now_us) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end() || it->second.session.expires_at_us <= now_us)
    return std::nullopt;
  return it->second.session;
}

void session_cache::remember(const std::string& token_hash, cached_session s) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= max_entries_ && !entries_.count(token_hash))
    entries_.clear();
  entries_[token_hash] = entry{std::move(s), clock::now()};
}

void session_cache::forget(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(token_hash);
}

void session_cache::forget_user(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();)
    it = it->second.session.user_id == user_id ? entries_.erase(it) : std::next(it);
}

}  // namespace http
