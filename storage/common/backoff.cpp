#include "storage/common/backoff.hpp"

#include <algorithm>
#include <random>

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
  // Jitter needs spread, not secrecy: a per-thread generator seeded once from the OS.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  const uint64_t bits = engine();
  return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace storage
