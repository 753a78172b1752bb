#include "http/auth/session_cache.hpp"

#include <algorithm>
#include <functional>

namespace http {

session_cache::session_cache(session_cache_settings s, time_source now)
    : s_(s), now_(now), unknown_(std::max<size_t>(1, s.unknown_slots)) {}

std::optional<cached_session> session_cache::fresh(const std::string& token_hash, int64_t now_us) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token_hash);
  if (!trusted_ || it == entries_.end() || it->second.session.expires_at_us <= now_us ||
      it->second.validated < trusted_since_ || now_() - it->second.validated > s_.fresh_for)
    return std::nullopt;
  return it->second.session;
}

std::optional<cached_session> session_cache::stale(const std::string& token_hash, int64_t now_us) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end() || it->second.session.expires_at_us <= now_us ||
      now_() - it->second.validated > s_.stale_for)
    return std::nullopt;
  return it->second.session;
}

session_cache::ticket session_cache::begin() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return revocations_;
}

void session_cache::remember(const std::string& token_hash, cached_session s, ticket t) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (t != revocations_)
    return;  // a revocation happened while this validation was in flight: its answer may be stale
  if (entries_.size() >= s_.max_entries && !entries_.count(token_hash))
    entries_.clear();
  entries_[token_hash] = entry{std::move(s), now_()};
}

size_t session_cache::slot_of(const std::string& token_hash) const {
  return std::hash<std::string>{}(token_hash) % unknown_.size();
}

bool session_cache::known_unknown(const std::string& token_hash) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto& slot = unknown_[slot_of(token_hash)];
  return slot.token_hash == token_hash && now_() < slot.until;
}

void session_cache::remember_unknown(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A token the store does not know never becomes valid (new tokens are fresh random values),
  // so an entry can only be right; a newer one simply takes the slot. No ticket is spent: this
  // is no revocation (that one bumped the count when it happened).
  entries_.erase(token_hash);
  unknown_[slot_of(token_hash)] = unknown_slot{token_hash, now_() + s_.unknown_for};
}

void session_cache::forget(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++revocations_;
  entries_.erase(token_hash);
}

void session_cache::set_trusted(bool trusted) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (trusted && !trusted_) {
    ++revocations_;  // validations that began while revocations could not be heard are not cached
    trusted_since_ = now_();
  }
  trusted_ = trusted;
}

void session_cache::forget_user(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++revocations_;
  for (auto it = entries_.begin(); it != entries_.end();)
    it = it->second.session.user_id == user_id ? entries_.erase(it) : std::next(it);
}

}  // namespace http
