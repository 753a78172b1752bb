#include "storage/common/url.hpp"

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

std::string redact_url(std::string_view url) {
  auto sep = url.find("://");
  auto at = url.rfind('@');
  if (at == std::string_view::npos)
    return std::string(url);
  if (sep == std::string_view::npos || at < sep)
    return "<redacted>";
  auto userinfo = url.substr(sep + 3, at - sep - 3);
  auto colon = userinfo.find(':');
  if (colon == std::string_view::npos)
    return std::string(url);
  std::string out(url.substr(0, sep + 3));
  out += userinfo.substr(0, colon);
  out += ":***";
  out += url.substr(at);
  return out;
}

std::string redact_secrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    // scheme://user:password@
    const auto sep = text.find("://", pos);
    const auto key = text.find("password=", pos);
    if (sep == std::string_view::npos && key == std::string_view::npos)
      break;
    if (sep != std::string_view::npos && (key == std::string_view::npos || sep < key)) {
      const auto start = sep + 3;
      const auto end = text.find_first_of(" \t\r\n\"'/", start);
      const auto authority = text.substr(start, (end == std::string_view::npos ? text.size() : end) - start);
      const auto at = authority.rfind('@');
      const auto colon = authority.find(':');
      out.append(text.substr(pos, start - pos));
      if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
        out.append(authority.substr(0, colon)).append(":***").append(authority.substr(at));
      } else {
        out.append(authority);
      }
      pos = start + authority.size();
    } else {
      const auto start = key + 9;
      auto end = start;
      if (end < text.size() && (text[end] == '\'' || text[end] == '"')) {
        const char quote = text[end];
        end = text.find(quote, end + 1);
        end = end == std::string_view::npos ? text.size() : end + 1;
      } else {
        while (end < text.size() && text[end] != ' ' && text[end] != '&' && text[end] != ';')
          ++end;
      }
      out.append(text.substr(pos, start - pos)).append("***");
      pos = end;
    }
  }
  out.append(text.substr(std::min(pos, text.size())));
  return out;
}

}  // namespace storage
