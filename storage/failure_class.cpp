#include "storage/failure_class.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace storage {

std::string_view failure_class(std::string_view message) {
  std::string m(message);
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto has = [&](std::string_view s) { return m.find(s) != std::string::npos; };
  if (has("password authentication failed") || has("authentication failed") || has("auth failed") ||
      has("no password supplied") || has("scram"))
    return "auth_failed";
  if (has("connection refused"))
    return "connection_refused";
  if (has("could not translate host name") || has("name or service not known") || has("failed to resolve"))
    return "dns";
  if (has("timeout") || has("timed out") || has("deadline") || has("no answer within"))
    return "timeout";
  if (has("server closed the connection") || has("connection reset") || has("broken pipe") ||
      has("terminating connection") || has("connection lost") || has("socket error"))
    return "connection_lost";
  if (has("starting up") || has("shutting down") || has("in recovery") || has("too many clients"))
    return "server_unavailable";
  return "unavailable";
}

}  // namespace storage
