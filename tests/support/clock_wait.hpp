// Timestamps that must move: the service stamps created_at / updated_at with the machine's
// clock (PostgreSQL's clock_timestamp(), the service's system_clock for MongoDB), rendered to
// the millisecond. Two writes within one millisecond may carry the same stamp, so a test that
// wants "the second write moved updated_at" first waits until the clock has passed the first
// stamp; then a moved stamp is strictly greater and an unmoved one is caught. The wait is
// polled (at most 1 ms in practice, 2 s at worst) instead of a fixed sleep.
#pragma once

#include <cstdint>
#include <string>

namespace test_env {

// Milliseconds since the Unix epoch of "YYYY-MM-DDTHH:MM:SS.mmmZ"; -1 when it is not that.
std::int64_t parse_rfc3339_ms(const std::string& text);

// Returns once the system clock reads a later millisecond than `ms_since_epoch` (fails the
// test when it has not within 2 s: a clock that far behind is a broken premise).
void wait_for_clock_past_ms(std::int64_t ms_since_epoch);
// The same for a contract timestamp (fails the test when `rfc3339_ms` does not parse).
void wait_for_clock_past(const std::string& rfc3339_ms);

}  // namespace test_env
