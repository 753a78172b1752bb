#include "http/auth/login_throttle.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "storage/crypto/digest.hpp"
#include "storage/crypto/random.hpp"

namespace http {

login_throttle::login_throttle(settings s) : s_(s) {
  const size_t sets = std::max<size_t>(1, (s_.slots + ways - 1) / ways);
  table_.resize(sets * ways);
  storage::random_bytes(key_);
}

std::string login_throttle::normalise(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front())))
    email.remove_prefix(1);
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back())))
    email.remove_suffix(1);
  std::string out(email.substr(0, 254));
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

uint64_t login_throttle::tag_of(std::string_view email) const {
  const auto key = normalise(email);
  const uint64_t tag = storage::short_hash(key, key_);
  return tag == 0 ? 1 : tag;  // 0 marks an empty record
}

const login_throttle::record* login_throttle::find(uint64_t tag) const {
  const size_t first = (tag % (table_.size() / ways)) * ways;
  for (size_t i = first; i < first + ways; ++i)
    if (table_[i].tag == tag)
      return &table_[i];
  return nullptr;
}

login_throttle::record* login_throttle::find(uint64_t tag) {
  return const_cast<record*>(std::as_const(*this).find(tag));
}

bool login_throttle::stale(const record& r, clock::time_point now) const {
  return r.tag == 0 || (now - r.last_failure > s_.window && now >= r.blocked_until);
}

int login_throttle::seconds_until(clock::time_point t, clock::time_point now) {
  if (now >= t)
    return 0;
  const auto left = std::chrono::ceil<std::chrono::seconds>(t - now);
  return static_cast<int>(std::max<std::chrono::seconds::rep>(1, left.count()));
}

int login_throttle::admit(std::string_view email, clock::time_point now) {
  const uint64_t tag = tag_of(email);
  std::lock_guard<std::mutex> lock(mutex_);
  record* r = find(tag);
  if (r && now < r->blocked_until)
    return seconds_until(r->blocked_until, now);
  if (!r) {
    // A stale record's place first, else the one with the fewest failures (then the oldest).
    const size_t first = (tag % (table_.size() / ways)) * ways;
    r = &table_[first];
    for (size_t i = first; i < first + ways; ++i) {
      auto& c = table_[i];
      if (stale(c, now)) {
        r = &c;
        break;
      }
      if (std::tie(c.failures, c.last_failure) < std::tie(r->failures, r->last_failure))
        r = &c;
    }
    *r = record{tag};
  } else if (now - r->last_failure > s_.window) {
    *r = record{tag};  // earlier failures are too old to count
  }
  ++r->failures;
  r->last_failure = now;
  const int over = r->failures - s_.free_failures;
  if (over > 0) {
    // first_delay * 2^(over - 1), capped; the shift is bounded so it cannot overflow.
    const auto doubled = s_.first_delay * (std::int64_t{1} << std::min(over - 1, 30));
    r->blocked_until = now + std::min<std::chrono::seconds>(doubled, s_.max_delay);
  }
  return 0;
}

void login_throttle::succeeded(std::string_view email) {
  const uint64_t tag = tag_of(email);
  std::lock_guard<std::mutex> lock(mutex_);
  if (record* r = find(tag))
    *r = record{};
}

void login_throttle::refund(std::string_view email) {
  const uint64_t tag = tag_of(email);
  std::lock_guard<std::mutex> lock(mutex_);
  if (record* r = find(tag); r && r->failures > 0)
    --r->failures;
}

int login_throttle::retry_after_s(std::string_view email, clock::time_point now) const {
  const uint64_t tag = tag_of(email);
  std::lock_guard<std::mutex> lock(mutex_);
  const record* r = find(tag);
  return r ? seconds_until(r->blocked_until, now) : 0;
}

size_t login_throttle::tracked(clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<size_t>(std::count_if(table_.begin(), table_.end(), [&](const record& r) { return !stale(r, now); }));
}

}  // namespace http
