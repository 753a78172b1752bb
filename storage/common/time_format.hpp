// Timestamps as the API shows them: RFC 3339, UTC, milliseconds, e.g. 2026-11-27T10:15:30.123Z.
// Pure functions, unit-tested in tests/storage/common/time_format_test.cpp.
#pragma once

#include <cstdint>
#include <string>

namespace storage {

// Microseconds since the Unix epoch (as the stores return them) to RFC 3339 UTC with exactly
// three fractional digits. Sub-millisecond digits are truncated toward the past (floor), so
// formatting never moves a time forward; times before 1970 work the same way. Years outside
// 0000..9999 are clamped to that range's ends (RFC 3339 has four-digit years).
std::string format_rfc3339_ms(std::int64_t micros_since_epoch);

// The current time in microseconds since the Unix epoch (system clock).
std::int64_t now_micros();

}  // namespace storage
