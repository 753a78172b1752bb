#include "http/transport/request_head.hpp"

#include <algorithm>
#include <cctype>

namespace http {

namespace {

constexpr std::string_view crlf = "\r\n";

head_refusal uri_too_long() { return {414, "uri_too_long", "the request line is over the limit"}; }
head_refusal headers_too_large() { return {431, "headers_too_large", "the request headers are over the limit"}; }
head_refusal malformed(const char* why) { return {400, "bad_request", why}; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The count of complete lines (ending in CRLF) in `bytes`.
size_t complete_lines(std::string_view bytes) {
  size_t n = 0;
  for (size_t pos = bytes.find(crlf); pos != std::string_view::npos; pos = bytes.find(crlf, pos + 2))
    ++n;
  return n;
}

// A decimal Content-Length of at most 18 digits (no sign, no spaces inside, no list).
std::optional<uint64_t> parse_length(std::string_view v) {
  if (v.empty() || v.size() > 18)
    return std::nullopt;
  uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9')
      return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A bare LF (not after a CR) or a bare CR (not before an LF) in `bytes`.
bool has_bare_line_end(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'))
      return true;
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] != '\n')
      return true;
  }
  return false;
}

// A field value may hold visible characters, spaces, tabs and obs-text; no other control.
bool is_clean_value(std::string_view v) {
  return std::none_of(v.begin(), v.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

// `METHOD SP target SP HTTP/1.x`, the method a token, the target without spaces or controls.
bool is_clean_request_line(std::string_view line, std::string_view& method) {
  const auto first = line.find(' ');
  const auto last = line.rfind(' ');
  if (first == std::string_view::npos || first == 0 || last == first || last + 1 >= line.size())
    return false;
  method = line.substr(0, first);
  const auto target = line.substr(first + 1, last - first - 1);
  return std::all_of(method.begin(), method.end(), is_token_char) && !target.empty() &&
         std::none_of(target.begin(), target.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u <= 0x20 || u == 0x7f;
         });
}

// Calls f(name, value) for each header line of a complete head; false on a malformed line.
template <class F>
bool for_each_header(std::string_view head, F&& f) {
  size_t pos = head.find(crlf) + 2;  // past the request line
  while (pos < head.size()) {
    const size_t end = head.find(crlf, pos);
    if (end == pos || end == std::string_view::npos)
      break;  // the blank line
    const auto line = head.substr(pos, end - pos);
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos)
      return false;
    const auto name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_token_char))
      return false;  // also refuses obsolete line folding (a line starting with a space)
    const auto value = line.substr(colon + 1);
    if (!is_clean_value(value))
      return false;
    f(name, trim_ows(value));
    pos = end + 2;
  }
  return true;
}

}  // namespace

std::optional<size_t> head_end(std::string_view bytes) {
  const auto pos = bytes.find("\r\n\r\n");
  if (pos == std::string_view::npos)
    return std::nullopt;
  return pos + 4;
}

std::optional<head_refusal> check_partial_head(std::string_view bytes, const head_limits& limits) {
  // A CR at the very end may be the first half of a CRLF still on its way.
  if (has_bare_line_end(bytes))
    return malformed("line ends must be CRLF");
  const auto first_end = bytes.find(crlf);
  if (first_end == std::string_view::npos ? bytes.size() > limits.max_request_line : first_end > limits.max_request_line)
    return uri_too_long();
  if (bytes.size() > limits.max_head_bytes)
    return headers_too_large();
  // Lines past the request line, the unfinished one counted too.
  if (first_end != std::string_view::npos && complete_lines(bytes) > limits.max_header_count + 1)
    return headers_too_large();
  return std::nullopt;
}

std::optional<head_refusal> check_head(std::string_view head, const head_limits& limits, head_facts& facts) {
  facts = head_facts{};
  facts.head_bytes = head.size();
  const auto line_end = head.find(crlf);
  if (line_end == std::string_view::npos)
    return malformed("the request line is incomplete");
  if (line_end > limits.max_request_line)
    return uri_too_long();
  if (head.size() > limits.max_head_bytes || complete_lines(head) > limits.max_header_count + 2)
    return headers_too_large();

  if (has_bare_line_end(head))
    return malformed("line ends must be CRLF");
  const auto request_line = head.substr(0, line_end);
  std::string_view method;
  if (!is_clean_request_line(request_line, method))
    return malformed("the request line is malformed");
  const auto version = request_line.substr(request_line.rfind(' ') + 1);
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return malformed("only HTTP/1.0 and HTTP/1.1 are served");

  std::optional<uint64_t> length;
  bool bad_length = false, chunked = false, other_coding = false, has_te = false, encoded = false;
  bool keep_alive = false, close = false;
  const bool ok = for_each_header(head, [&](std::string_view name, std::string_view value) {
    if (iequals(name, "Content-Length")) {
      auto n = parse_length(value);
      bad_length = bad_length || !n || (length && *length != *n);
      if (n)
        length = n;
    } else if (iequals(name, "Transfer-Encoding")) {
      has_te = true;
      if (iequals(value, "chunked") && !chunked)
        chunked = true;
      else
        other_coding = true;
    } else if (iequals(name, "Content-Encoding")) {
      encoded = encoded || (!value.empty() && !iequals(value, "identity"));
    } else if (iequals(name, "Connection")) {
      close = close || iequals(value, "close");
      keep_alive = keep_alive || iequals(value, "keep-alive");
    }
  });
  if (!ok)
    return malformed("a header line is malformed");
  if (bad_length)
    return malformed("Content-Length is malformed");
  if (has_te && (other_coding || length))
    return malformed("only Transfer-Encoding: chunked is accepted, and never with Content-Length");
  if (encoded)
    return head_refusal{415, "unsupported_media_type", "request bodies must not have a Content-Encoding"};
  if (length && *length > limits.max_body_bytes)
    return head_refusal{413, "payload_too_large", "the body is over the limit"};
  facts.method.assign(method);
  facts.content_length = length;
  facts.chunked = chunked;
  facts.close = close || (version == "HTTP/1.0" && !keep_alive);
  return std::nullopt;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool method_served(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == m)
      return true;
  return false;
}

bool method_reads_body(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string strip_range_headers(std::string_view head) {
  std::string out;
  out.reserve(head.size());
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find(crlf, pos);
    end = end == std::string_view::npos ? head.size() : end + 2;
    const auto line = head.substr(pos, end - pos);
    const auto colon = line.find(':');
    const auto name = colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
    if (pos == 0 || !(iequals(name, "Range") || iequals(name, "If-Range")))
      out.append(line);
    pos = end;
  }
  return out;
}

}  // namespace http
