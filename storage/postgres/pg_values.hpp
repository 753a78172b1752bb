// Text-format values as PostgreSQL sends and expects them. Pure functions, unit-tested in
// tests/storage/postgres/pg_values_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace storage {

// The canonical form 8-4-4-4-12 hex digits (either case). PostgreSQL also accepts braces and
// missing hyphens; the stores accept only this form and answer not_found to anything else,
// so a malformed id never reaches SQL.
bool is_canonical_uuid(std::string_view s);

// Exactly 64 lower- or upper-case hex digits: the text form of a SHA-256 hash.
bool is_sha256_hex(std::string_view s);

// A decimal integer (optional '-'), the whole string; nullopt on anything else or overflow.
std::optional<std::int64_t> parse_int64(std::string_view s);

// PostgreSQL's boolean text output: "t" or "f"; nullopt otherwise.
std::optional<bool> parse_pg_bool(std::string_view s);

// Text parameters for PostgreSQL.
inline std::string pg_bool(bool b) { return b ? "true" : "false"; }

}  // namespace storage
