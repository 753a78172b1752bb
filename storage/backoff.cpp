#include "storage/backoff.hpp"

#include <algorithm>
#include <sodium.h>

namespace storage {

std::chrono::milliseconds backoff_ceiling(const retry_settings& s, int attempt) {
  using ms = std::chrono::milliseconds;
  const int64_t cap = std::max<int64_t>(0, s.backoff_cap.count());
  int64_t ceiling = std::max<int64_t>(1, s.backoff_initial.count());
  for (int i = 0; i < attempt && ceiling < cap; ++i)
    ceiling *= 2;
  return ms{std::min(ceiling, cap)};
}

std::chrono::milliseconds backoff_delay(const retry_settings& s, int attempt, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  auto ceiling = backoff_ceiling(s, attempt).count();
  return std::chrono::milliseconds{static_cast<int64_t>(static_cast<double>(ceiling) * unit)};
}

double random_unit() {
  // 53 random bits make every double in [0, 1) on the 2^-53 grid equally likely.
  uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);
  return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace storage
