#include "storage/pg_errors.hpp"

namespace storage {

code code_for_sqlstate(std::string_view sqlstate, bool connection_bad) {
  if (connection_bad)
    return code::unavailable;
  if (sqlstate.size() != 5)  // no SQLSTATE and a healthy connection: libpq-side failure
    return code::internal;
  const std::string_view cls = sqlstate.substr(0, 2);
  if (sqlstate == "23505" || sqlstate == "23P01")
    return code::conflict;
  if (sqlstate == "23503")
    return code::not_found;
  if (cls == "23" || cls == "22")
    return code::invalid;
  if (sqlstate == "40001" || sqlstate == "40P01")
    return code::retryable;
  if (sqlstate == "57014")
    return code::timeout;
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || cls == "08" ||
      sqlstate == "53300")
    return code::unavailable;
  return code::internal;
}

std::string sanitize_pg_message(std::string_view message, std::string_view password) {
  std::string out;
  out.reserve(message.size());
  for (char c : message) {
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ')
        out += ' ';
    } else {
      out += c;
    }
  }
  if (!password.empty()) {
    for (auto pos = out.find(password); pos != std::string::npos; pos = out.find(password, pos + 3))
      out.replace(pos, password.size(), "***");
  }
  for (std::string_view prefix : {"ERROR:", "FATAL:", "PANIC:"}) {
    if (out.compare(0, prefix.size(), prefix) == 0)
      out.erase(0, prefix.size());
  }
  auto first = out.find_first_not_of(' ');
  auto last = out.find_last_not_of(' ');
  out = first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
  // Collapse double spaces (libpq pads after the severity).
  std::string compact;
  compact.reserve(out.size());
  for (char c : out) {
    if (c == ' ' && !compact.empty() && compact.back() == ' ')
      continue;
    compact += c;
  }
  constexpr size_t max_len = 300;
  if (compact.size() > max_len) {
    compact.resize(max_len - 3);
    compact += "...";
  }
  return compact;
}

status pg_error_status(std::string_view sqlstate, bool connection_bad, std::string_view context,
                       std::string_view message, std::string_view password) {
  std::string text(context);
  if (!text.empty())
    text += ": ";
  if (!sqlstate.empty()) {
    text += sqlstate;
    text += ' ';
  }
  auto clean = sanitize_pg_message(message, password);
  text += clean.empty() ? std::string("no error message") : clean;
  return {code_for_sqlstate(sqlstate, connection_bad), std::move(text)};
}

}  // namespace storage
