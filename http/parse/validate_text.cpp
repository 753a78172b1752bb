#include "http/parse/validate_text.hpp"

#include <cstdint>

namespace http {

namespace {

struct code_point {
  std::uint32_t value = 0;
  std::size_t bytes = 0;  // 0: ill-formed
};

// Decodes the code point that starts at s[i]; bytes == 0 when it is ill-formed.
code_point decode_at(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (lead < 0x80)
    return {lead, 1};
  if ((lead & 0xE0) == 0xC0) {
    n = 2;
    cp = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    n = 3;
    cp = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    n = 4;
    cp = lead & 0x07u;
  } else {
    return {};
  }
  if (i + n > s.size())
    return {};
  for (std::size_t k = 1; k < n; ++k) {
    const auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80)
      return {};
    cp = (cp << 6) | (cont & 0x3Fu);
  }
  static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return {};
  return {cp, n};
}

bool is_control(std::uint32_t cp) { return cp < 0x20 || cp == 0x7F; }

bool allowed_in(charset chars, unsigned char c) {
  switch (chars) {
    case charset::any:
      return c != 0;
    case charset::multiline:
      return !is_control(c) || c == '\t' || c == '\n' || c == '\r';
    case charset::line:
      break;
  }
  return !is_control(c);
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_alnum_or_hyphen(char c) { return is_alnum(c) || c == '-'; }

// True when `s` has min..max characters, each accepted by `ok`.
template <class Pred>
bool all_chars(std::string_view s, std::size_t min, std::size_t max, Pred ok) {
  if (s.size() < min || s.size() > max)
    return false;
  for (char c : s)
    if (!ok(c))
      return false;
  return true;
}

bool is_atext(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool is_dns_label(std::string_view label) {
  return all_chars(label, 1, 63, is_alnum_or_hyphen) && label.front() != '-' &&
         label.back() != '-';
}

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const auto cp = decode_at(s, i);
    if (cp.bytes == 0)
      return std::nullopt;
    i += cp.bytes;
  }
  return count;
}

std::string printable(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++chars) {
    if (chars == max_chars)
      return out + "...";
    const auto cp = decode_at(s, i);
    if (cp.bytes == 0 || is_control(cp.value))
      out += '?';
    else
      out.append(s.substr(i, cp.bytes));
    i += cp.bytes == 0 ? 1 : cp.bytes;
  }
  return out;
}

std::string_view trim_ascii(std::string_view s) {
  constexpr std::string_view space = " \t\n\r\f\v";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos)
    return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

text_check check_text(std::string_view raw, const text_rule& rule) {
  if (!utf8_length(raw))
    return {{}, "must be valid UTF-8"};
  std::string value(rule.trim ? trim_ascii(raw) : raw);
  if (rule.lowercase)
    for (auto& c : value)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
  for (char c : value) {
    if (allowed_in(rule.chars, static_cast<unsigned char>(c)))
      continue;
    switch (rule.chars) {
      case charset::any:
        return {{}, "must not contain NUL characters"};
      case charset::multiline:
        return {{}, "must not contain control characters other than tab and line breaks"};
      case charset::line:
        break;
    }
    return {{}, "must not contain control characters"};
  }
  const std::size_t n = *utf8_length(value);
  if (n < rule.min_chars)
    return {{}, rule.min_chars == 1 ? std::string("must not be empty")
                                    : "must be at least " + std::to_string(rule.min_chars) +
                                          " characters"};
  if (n > rule.max_chars)
    return {{}, "must be at most " + std::to_string(rule.max_chars) + " characters"};
  if (rule.pattern && !rule.pattern(value))
    return {{}, std::string(rule.pattern_problem)};
  return {std::move(value), {}};
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36)
    return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_here ? s[i] != '-' : !is_hex(s[i]))
      return false;
  }
  return true;
}

bool is_object_id(std::string_view s) { return all_chars(s, 24, 24, is_hex); }

bool is_tag(std::string_view s) {
  return all_chars(s, 1, 32, [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool is_config_key(std::string_view s) {
  return all_chars(s, 1, 64,
                   [](char c) { return is_lower_alnum(c) || c == '_' || c == '.' || c == '-'; });
}

bool is_email(std::string_view s) {
  if (s.size() > 254)
    return false;
  const auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto local = s.substr(0, at);
  const auto domain = s.substr(at + 1);
  if (!all_chars(local, 1, 64, [](char c) { return is_atext(c) || c == '.'; }) ||
      local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  std::size_t labels = 0;
  for (std::size_t start = 0;; ++labels) {
    const auto dot = domain.find('.', start);
    if (!is_dns_label(domain.substr(start, dot - start)))
      return false;
    if (dot == std::string_view::npos)
      return labels + 1 >= 2;
    start = dot + 1;
  }
}

}  // namespace http
