// Connection URLs (postgresql://, mongodb://): parsing and redaction. Pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "storage/common/status.hpp"

namespace storage {

struct url_parts {
  std::string scheme;    // "postgresql", "mongodb"
  std::string user;      // percent-decoded
  std::string password;  // percent-decoded; never log it
  bool has_password = false;
  std::string host;      // "127.0.0.1", or "h1:1,h2:2" for a MongoDB seed list
  int port = 0;          // 0 when absent or when the host is a seed list
  std::string database;  // path without the leading '/', percent-decoded
  std::map<std::string, std::string> query;  // percent-decoded
};

// Accepts scheme://[user[:password]@]host[:port][/database][?k=v&...]. A "+driver" suffix in
// the scheme (postgresql+asyncpg, from the old Python settings) is dropped.
result<url_parts> parse_url(std::string_view url);

// The URL with every secret replaced by "***": the password of the user information, and the
// value of every query parameter whose key, in any case and percent-encoded or not, names a
// password, a secret or a token (`?password=`, `&sslpassword=`, `PASSWORD=`, `pass%77ord=`).
// A string that is not a URL is reduced to "<redacted>" when it holds an '@', else returned
// with its secret `key=value` pairs redacted (a libpq keyword/value string), so a secret never
// leaks by accident.
std::string redact_url(std::string_view url);

// Free text (a driver's error message, a log line) with every secret it may carry replaced by
// "***": each scheme://... URL in it passes through redact_url, and elsewhere the value of any
// secret key=value pair (libpq connection strings: `password=x`, `password = 'a b'`).
// For log lines; responses never carry driver text at all.
std::string redact_secrets(std::string_view text);

std::string percent_decode(std::string_view s);

}  // namespace storage
