#include "storage/postgres/pg_errors.hpp"

#include <algorithm>
#include <cctype>
#include <string>

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

failure_cause cause_for_sqlstate(std::string_view sqlstate) {
  if (sqlstate == "28P01" || sqlstate == "28000")
    return failure_cause::auth_failed;
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "53300")
    return failure_cause::server_unavailable;
  if (sqlstate == "57014")
    return failure_cause::timeout;
  if (sqlstate.size() == 5 && sqlstate.substr(0, 2) == "08")
    return failure_cause::connection_lost;
  return failure_cause::none;
}

failure_cause cause_of_connect_failure(std::string_view libpq_message) {
  std::string m(libpq_message);
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto has = [&](std::string_view s) { return m.find(s) != std::string::npos; };
  if (has("password authentication failed") || has("no password supplied") || has("authentication failed") ||
      has("is not permitted to log in") || has("no pg_hba.conf entry"))
    return failure_cause::auth_failed;
  if (has("connection refused"))
    return failure_cause::connection_refused;
  if (has("could not translate host name") || has("name or service not known"))
    return failure_cause::dns;
  if (has("timeout") || has("timed out"))
    return failure_cause::timeout;
  if (has("starting up") || has("shutting down") || has("in recovery") || has("too many clients") ||
      has("not yet accepting connections"))
    return failure_cause::server_unavailable;
  if (has("server closed the connection") || has("connection reset") || has("broken pipe") ||
      has("terminating connection") || has("connection lost"))
    return failure_cause::connection_lost;
  return failure_cause::none;
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
  auto why = cause_for_sqlstate(sqlstate);
  if (why == failure_cause::none && connection_bad)
    why = failure_cause::connection_lost;
  return {code_for_sqlstate(sqlstate, connection_bad), std::move(text), why};
}

}  // namespace storage
