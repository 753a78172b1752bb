// Recently validated bearer tokens, so that authentication costs no store round trip on every
// request and keeps working for known sessions while PostgreSQL fails for a short while (the
// contract: a request that needs only MongoDB keeps working while PostgreSQL is down).
//
// - An entry is trusted without asking PostgreSQL for `fresh_for` after it was validated.
// - After that it is validated again; if PostgreSQL cannot answer (unavailable, timeout,
//   overloaded), the entry is still honoured until `stale_for` after its last validation, and
//   never past the session's own expiry (stale-if-error, bounded).
// - A revocation (logout, a user's deactivation, role or password change, deletion) forgets the
//   entries, and no validation that was in flight when it happened may cache its answer
//   afterwards: each validation takes a ticket before it asks the store (begin()), and
//   remember() refuses a ticket older than the last revocation.
// - Revocations made through other instances arrive from PostgreSQL (NOTIFY, through
//   actors/revocation_listener) and forget entries the same way; while they cannot arrive, fresh
//   entries are not trusted (set_trusted).
// - Tokens the store did not know are remembered for `unknown_for` in a fixed-size table, so a
//   client repeating an unknown token costs no store round trip. (Distinct unknown tokens are
//   bounded by the validation gate in exchange.cpp, and by the edge's rate limits.)
//
// Thread-safe (one mutex; every operation is a hash-map lookup or a table slot). Bounded: past
// `max_entries` the cache is emptied, which costs one store round trip per active token.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace http {

struct cached_session {
  std::string user_id;
  std::string role;
  std::string session_id;
  int64_t expires_at_us = 0;  // the session's own expiry
};

struct session_cache_settings {
  std::chrono::milliseconds fresh_for{10000};
  std::chrono::milliseconds stale_for{60000};
  std::chrono::milliseconds unknown_for{30000};
  size_t max_entries = 100000;
  size_t unknown_slots = 8192;
};

class session_cache {
public:
  using clock = std::chrono::steady_clock;
  using ticket = uint64_t;

  using time_source = clock::time_point (*)();

  session_cache() : session_cache(session_cache_settings{}) {}
  // `now` reads the steady clock (tests pass a fake one).
  explicit session_cache(session_cache_settings s, time_source now = &clock::now);

  // The entry when validated within fresh_for and not expired at `now_us`.
  std::optional<cached_session> fresh(const std::string& token_hash, int64_t now_us) const;
  // The entry when validated within stale_for and not expired (for store failures).
  std::optional<cached_session> stale(const std::string& token_hash, int64_t now_us) const;

  // Taken before asking the store; remember() needs it.
  ticket begin() const;
  // Stores a validated session, unless a revocation happened since `t` was taken.
  void remember(const std::string& token_hash, cached_session s, ticket t);

  // True when the store answered recently that it does not know this token.
  bool known_unknown(const std::string& token_hash) const;
  // The store does not know this token (any more): drops its entry and remembers that.
  void remember_unknown(const std::string& token_hash);

  void forget(const std::string& token_hash);
  void forget_user(const std::string& user_id);

  // Whether fresh entries may be trusted without asking PostgreSQL: false while revocations
  // made elsewhere cannot be heard (the revocation listener is down); then every request is
  // validated (stale entries still serve while PostgreSQL fails, within stale_for). Turning it
  // back on makes no entry fresh before it is validated again (a revocation may have been missed
  // meanwhile), yet keeps every entry as the stale-if-error answer: right after PostgreSQL comes
  // back its pool may still be reconnecting, and a MongoDB request must not fail for that.
  void set_trusted(bool trusted);

private:
  struct entry {
    cached_session session;
    clock::time_point validated;
  };
  struct unknown_slot {
    std::string token_hash;
    clock::time_point until;
  };
  size_t slot_of(const std::string& token_hash) const;

  session_cache_settings s_;
  time_source now_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
  std::vector<unknown_slot> unknown_;
  ticket revocations_ = 0;
  bool trusted_ = true;
  clock::time_point trusted_since_{};  // entries validated before this are not fresh
};

}  // namespace http
