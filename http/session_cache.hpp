// Recently validated bearer tokens, so that authentication costs no store round trip on every
// request and keeps working for known sessions while PostgreSQL is down (the contract: a
// request that needs only MongoDB keeps working while PostgreSQL is down).
//
// An entry is trusted without asking PostgreSQL for `fresh_for` after it was validated; after
// that it is validated again, and if PostgreSQL cannot answer (unavailable or timeout) the
// stale entry is still honoured until the session's own expiry. Logout, user deletion and
// role or activity changes made through this instance forget the entries at once; made through
// another instance they take effect here within `fresh_for`.
//
// Thread-safe (one mutex; every operation is a hash-map lookup). Bounded: past `max_entries`
// the cache is emptied, which costs one store round trip per active token.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace http {

struct cached_session {
  std::string user_id;
  std::string role;
  std::string session_id;
  int64_t expires_at_us = 0;  // the session's own expiry
};

class session_cache {
public:
  using clock = std::chrono::steady_clock;

  explicit session_cache(std::chrono::milliseconds fresh_for = std::chrono::seconds(10), size_t max_entries = 100000)
      : fresh_for_(fresh_for), max_entries_(max_entries) {}

  // The entry when validated within fresh_for and not expired at `now_us`.
  std::optional<cached_session> fresh(const std::string& token_hash, int64_t now_us) const;
  // The entry whatever its age, when the session has not expired (for store outages).
  std::optional<cached_session> stale(const std::string& token_hash, int64_t now_us) const;

  void remember(const std::string& token_hash, cached_session s);
  void forget(const std::string& token_hash);
  void forget_user(const std::string& user_id);

private:
  struct entry {
    cached_session session;
    clock::time_point validated;
  };
  std::chrono::milliseconds fresh_for_;
  size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace http
