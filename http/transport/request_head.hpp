// The head of an HTTP/1.1 request (request line and header lines, up to the blank line), checked
// before cpp-httplib sees it, so that a request it would mishandle never reaches it: cpp-httplib
// 0.11.4 accepts any number of header lines, reads a declared Content-Length of any size to the
// end, inflates gzip bodies, and multiplies Range answers. Pure functions, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace http {

struct head_limits {
  size_t max_request_line = 8192;  // longer: 414
  size_t max_head_bytes = 32768;   // request line + headers + blank line; more: 431
  size_t max_header_count = 100;   // more header lines: 431
  size_t max_body_bytes = 1 << 20;  // a declared Content-Length above: 413
};

// Why a head is refused: the status and the contract's error code.
struct head_refusal {
  int status = 400;
  const char* code = "bad_request";
  const char* message = "the request could not be parsed";
};

// What the checked head says about the body that follows it.
struct head_facts {
  std::string method;                         // the request line's method token
  size_t head_bytes = 0;                      // through the blank line
  std::optional<uint64_t> content_length;     // declared length
  bool chunked = false;                       // Transfer-Encoding: chunked
  bool close = false;                         // Connection: close, or HTTP/1.0 without keep-alive
};

// Where the head ends in `bytes` received so far: the offset just past the blank line, or
// nullopt while it has not arrived. Accepts CRLF line ends only (as cpp-httplib does); a bare
// LF or CR is refused by check_partial_head and check_head.
std::optional<size_t> head_end(std::string_view bytes);

// A refusal when what has arrived so far (no blank line yet) is already over a limit, or holds
// a bare LF or CR (a line end that another reader would split differently: 400 at once).
std::optional<head_refusal> check_partial_head(std::string_view bytes, const head_limits& limits);

// Checks a complete head (bytes up to and including the blank line). On success fills `facts`
// and returns nullopt. Refuses: a request line over the limit (414); too many or too large
// headers (431); a request line that is not `METHOD SP target SP version` with a token method
// and a target without controls or spaces, a bare LF or CR, a control character in a header
// value, a malformed Content-Length, two that differ, a Transfer-Encoding other than chunked,
// or both Content-Length and Transfer-Encoding (400, request smuggling); a declared body over
// the limit (413); any Content-Encoding but identity (415).
std::optional<head_refusal> check_head(std::string_view head, const head_limits& limits, head_facts& facts);

// `s` without the optional white space (spaces and tabs) around a header field value.
std::string_view trim_ows(std::string_view s);

// The methods the service serves: GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS. Any other
// (TRACE, CONNECT, QUERY, PROPFIND, ...) is answered 501 before the head reaches cpp-httplib.
bool method_served(std::string_view method);

// Whether cpp-httplib 0.11.4 reads a request body for `method` before the handler runs (POST,
// PUT, PATCH, DELETE). A body on any other method stays unread: the connection must end after
// the answer, or the body would be parsed as the next request.
bool method_reads_body(std::string_view method);

// The head without its Range and If-Range lines (the service serves no ranges: they are
// ignored rather than answered with many copies or a 416).
std::string strip_range_headers(std::string_view head);

}  // namespace http
