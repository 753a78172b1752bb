#include "storage/common/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace storage {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

result<url_parts> parse_url(std::string_view url) {
  url_parts out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0)
    return status::invalid("not a URL: missing scheme://");
  out.scheme = std::string(url.substr(0, sep));
  if (auto plus = out.scheme.find('+'); plus != std::string::npos)
    out.scheme.resize(plus);
  std::string_view rest = url.substr(sep + 3);

  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view path;
  // The authority ends at the first '/' after the last '@' (a password may hold '/').
  auto at = rest.rfind('@');
  auto slash = rest.find('/', at == std::string_view::npos ? 0 : at);
  if (slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      out.user = percent_decode(userinfo.substr(0, colon));
      out.password = percent_decode(userinfo.substr(colon + 1));
      out.has_password = true;
    } else {
      out.user = percent_decode(userinfo);
    }
  }
  if (rest.empty())
    return status::invalid("URL has no host");
  if (rest.find(',') != std::string_view::npos) {
    out.host = std::string(rest);
  } else {
    std::string_view port;
    if (rest.front() == '[') {  // [::1]:5432
      auto close = rest.find(']');
      if (close == std::string_view::npos)
        return status::invalid("URL has an unclosed IPv6 host");
      out.host = std::string(rest.substr(1, close - 1));
      rest = rest.substr(close + 1);
      if (!rest.empty() && rest.front() != ':')
        return status::invalid("URL has junk after the IPv6 host");
      if (!rest.empty())
        port = rest.substr(1);
    } else {
      auto colon = rest.rfind(':');
      out.host = std::string(rest.substr(0, colon));
      if (colon != std::string_view::npos)
        port = rest.substr(colon + 1);
    }
    if (out.host.empty())
      return status::invalid("URL has no host");
    if (!port.empty() || rest.find(':') != std::string_view::npos) {
      auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
      if (ec != std::errc{} || p != port.data() + port.size() || out.port < 1 || out.port > 65535)
        return status::invalid("URL port is not a number in 1..65535");
    }
  }
  out.database = percent_decode(path);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (!pair.empty())
      out.query[percent_decode(pair.substr(0, eq))] =
          eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos)
      break;
    query = query.substr(amp + 1);
  }
  return out;
}

namespace {

bool scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// A key whose value is a secret, whatever its case or percent-encoding: any *password*
// (libpq's password and sslpassword, MongoDB's tlsCertificateKeyFilePassword), *secret* or
// *token*, and MongoDB's authMechanismProperties (it may carry AWS_SESSION_TOKEN).
bool secret_key(std::string_view key) {
  std::string k = percent_decode(key);
  for (auto& c : k)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* word : {"password", "passwd", "secret", "token"})
    if (k.find(word) != std::string::npos)
      return true;
  return k == "authmechanismproperties";
}

// A URL's query with the value of every secret key replaced by "***". Pairs are split at '&'
// and at ';' (older MongoDB URIs) and '#', but a secret value runs to the next '&': a literal ';' in a
// password must not let its tail through.
std::string redact_query(std::string_view query) {
  std::string out;
  size_t pos = 0;
  while (pos <= query.size()) {
    auto end = query.find_first_of("&;#", pos);
    if (end == std::string_view::npos)
      end = query.size();
    auto pair = query.substr(pos, end - pos);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && secret_key(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1)).append("***");
      end = std::min(query.find('&', pos), query.size());
    } else {
      out.append(pair);
    }
    if (end == query.size())
      break;
    out.push_back(query[end]);
    pos = end + 1;
  }
  return out;
}

// Text outside URLs: the value of every `key=value` pair whose key is secret (libpq's
// keyword/value strings: `host=db password='a b'`, spaces around '=' allowed) becomes "***".
// A quoted value runs to its closing quote (backslash escapes it), any other to white space.
std::string redact_pairs(std::string_view text) {
  std::string out;
  size_t pos = 0;  // copied up to here
  for (size_t eq = text.find('='); eq != std::string_view::npos; eq = text.find('=', eq + 1)) {
    if (eq < pos)
      continue;
    auto key_end = eq;
    while (key_end > pos && space(text[key_end - 1]))
      --key_end;
    auto key_start = key_end;
    while (key_start > pos && !space(text[key_start - 1]) && text[key_start - 1] != '&' && text[key_start - 1] != '?' &&
           text[key_start - 1] != '=')
      --key_start;
    if (key_start == key_end || !secret_key(text.substr(key_start, key_end - key_start)))
      continue;
    auto value = eq + 1;
    while (value < text.size() && space(text[value]) && text[value] != '\n')
      ++value;
    auto end = value;
    if (end < text.size() && (text[end] == '\'' || text[end] == '"')) {
      const char quote = text[end++];
      while (end < text.size() && text[end] != quote)
        end += text[end] == '\\' ? 2 : 1;
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && !space(text[end]))
        ++end;
    }
    out.append(text.substr(pos, eq + 1 - pos)).append("***");
    pos = end;
    eq = end == 0 ? 0 : end - 1;
  }
  out.append(text.substr(std::min(pos, text.size())));
  return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
  auto sep = url.find("://");
  const bool has_scheme = sep != std::string_view::npos && sep > 0 &&
                          std::all_of(url.begin(), url.begin() + sep, scheme_char);
  if (!has_scheme)
    return url.find('@') == std::string_view::npos ? redact_pairs(url) : std::string("<redacted>");
  std::string out(url.substr(0, sep + 3));
  std::string_view rest = url.substr(sep + 3);
  // Where the user information ends, read both ways so neither leaks: the drivers take the '@'
  // before the first '/', parse_url the last '@' before the query (a password may hold a '/').
  auto before = [&](std::string_view s, char stop) { return s.substr(0, s.find(stop)).rfind('@'); };
  auto at_driver = before(rest, '/'), at_parser = before(rest, '?');
  auto at = at_driver == std::string_view::npos ? at_parser
            : at_parser == std::string_view::npos ? at_driver
                                                  : std::max(at_driver, at_parser);
  if (at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    auto colon = userinfo.find(':');
    out.append(userinfo.substr(0, colon));
    if (colon != std::string_view::npos)
      out.append(":***");
    out.push_back('@');
    rest = rest.substr(at + 1);
  }
  auto q = rest.find('?');
  out.append(rest.substr(0, q));
  if (q != std::string_view::npos)
    out.append("?").append(redact_query(rest.substr(q + 1)));
  return out;
}

std::string redact_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;  // copied up to here
  for (auto sep = text.find("://"); sep != std::string_view::npos; sep = text.find("://", pos)) {
    auto start = sep;
    while (start > pos && scheme_char(text[start - 1]))
      --start;
    auto end = text.find_first_of(" \t\r\n\f\v\"'<>`", sep);
    if (end == std::string_view::npos)
      end = text.size();
    out.append(redact_pairs(text.substr(pos, start - pos)));
    out.append(start == sep ? redact_pairs(text.substr(start, end - start)) : redact_url(text.substr(start, end - start)));
    pos = end;
  }
  out.append(redact_pairs(text.substr(pos)));
  return out;
}

}  // namespace storage
