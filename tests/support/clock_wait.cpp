#include "support/clock_wait.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <thread>

namespace test_env {

std::int64_t parse_rfc3339_ms(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  char zone = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms, &zone, &consumed) != 8 ||
      zone != 'Z' || static_cast<size_t>(consumed) != text.size() || text.size() != 24)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::int64_t{::timegm(&tm)} * 1000 + ms;
}

void wait_for_clock_past_ms(std::int64_t ms_since_epoch) {
  using namespace std::chrono;
  const auto give_up = steady_clock::now() + seconds(2);
  auto now_ms = [] { return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(); };
  while (now_ms() <= ms_since_epoch) {
    BOOST_REQUIRE_MESSAGE(steady_clock::now() < give_up, "the clock is more than 2 s behind " << ms_since_epoch);
    std::this_thread::sleep_for(microseconds(200));
  }
}

void wait_for_clock_past(const std::string& rfc3339_ms) {
  const auto ms = parse_rfc3339_ms(rfc3339_ms);
  BOOST_REQUIRE_MESSAGE(ms >= 0, "not an RFC 3339 UTC timestamp with milliseconds: " << rfc3339_ms);
  wait_for_clock_past_ms(ms);
}

}  // namespace test_env
