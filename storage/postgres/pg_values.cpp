#include "storage/postgres/pg_values.hpp"

#include <cctype>
#include <charconv>

namespace storage {

namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool is_canonical_uuid(std::string_view s) {
  if (s.size() != 36)
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash_pos = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_pos ? s[i] != '-' : !is_hex(s[i]))
      return false;
  }
  return true;
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64)
    return false;
  for (char c : s)
    if (!is_hex(c))
      return false;
  return true;
}

std::optional<std::int64_t> parse_int64(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty() || s.front() == '+')
    return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size())
    return std::nullopt;
  return v;
}

std::optional<bool> parse_pg_bool(std::string_view s) {
  if (s == "t")
    return true;
  if (s == "f")
    return false;
  return std::nullopt;
}

}  // namespace storage
