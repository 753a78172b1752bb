#include "storage/common/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace storage {

namespace {

// floor division for negative values as well
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

std::string format_rfc3339_ms(std::int64_t micros) {
  using namespace std::chrono;
  // 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z in microseconds.
  constexpr std::int64_t min_us = -62167219200LL * 1000000;
  constexpr std::int64_t max_us = 253402300799LL * 1000000 + 999999;
  if (micros < min_us)
    micros = min_us;
  if (micros > max_us)
    micros = max_us;
  const std::int64_t ms_total = floor_div(micros, 1000);
  const std::int64_t days = floor_div(ms_total, 86400000);
  std::int64_t ms_of_day = ms_total - days * 86400000;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  const int hour = static_cast<int>(ms_of_day / 3600000);
  ms_of_day %= 3600000;
  const int minute = static_cast<int>(ms_of_day / 60000);
  ms_of_day %= 60000;
  const int second = static_cast<int>(ms_of_day / 1000);
  const int milli = static_cast<int>(ms_of_day % 1000);
  char buf[64];  // generous: the compiler cannot see that every field is in range
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hour, minute,
                second, milli);
  return buf;
}

std::int64_t now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace storage
