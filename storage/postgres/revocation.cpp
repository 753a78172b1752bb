#include "storage/postgres/revocation.hpp"

#include <algorithm>
#include <cctype>

namespace storage {

namespace {

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36)
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
      return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<revocation> parse_revocation(std::string_view payload) {
  if (payload.size() < 2 || payload[1] != ':')
    return std::nullopt;
  const auto key = payload.substr(2);
  if (payload[0] == 't' && key.size() == 64 && is_hex(key))
    return revocation{revocation::kind::token, lower(key)};
  if (payload[0] == 'u' && is_uuid(key))
    return revocation{revocation::kind::user, lower(key)};
  return std::nullopt;
}

}  // namespace storage
