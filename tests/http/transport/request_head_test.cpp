// The request head checks that run before cpp-httplib parses a request (http/transport/request_head).
#include <boost/test/unit_test.hpp>

#include "http/transport/request_head.hpp"

using http::check_head;
using http::check_partial_head;
using http::head_facts;
using http::head_limits;

namespace {

head_limits small_limits() {
  head_limits l;
  l.max_request_line = 64;
  l.max_head_bytes = 256;
  l.max_header_count = 4;
  l.max_body_bytes = 1000;
  return l;
}

// The status a complete head gets (0: accepted).
int status_of(const std::string& head, head_facts* out = nullptr) {
  head_facts f;
  const auto r = check_head(head, small_limits(), f);
  if (out)
    *out = f;
  return r ? r->status : 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_head_rules)

BOOST_AUTO_TEST_CASE(the_end_of_a_head_is_the_first_blank_line) {
  BOOST_TEST(!http::head_end("GET / HTTP/1.1\r\nHost: x\r\n").has_value());
  BOOST_TEST(*http::head_end("GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY") == 27u);
}

BOOST_AUTO_TEST_CASE(a_plain_head_is_accepted_with_its_framing) {
  head_facts f;
  BOOST_TEST(status_of("POST /a HTTP/1.1\r\nContent-Length: 12\r\n\r\n", &f) == 0);
  BOOST_TEST(*f.content_length == 12u);
  BOOST_TEST(!f.chunked);
  BOOST_TEST(!f.close);
  BOOST_TEST(status_of("POST /a HTTP/1.1\r\ntransfer-encoding: Chunked\r\nConnection: close\r\n\r\n", &f) == 0);
  BOOST_TEST(f.chunked);
  BOOST_TEST(f.close);
  BOOST_TEST(status_of("GET / HTTP/1.0\r\n\r\n", &f) == 0);
  BOOST_TEST(f.close, "HTTP/1.0 without keep-alive closes");
  BOOST_TEST(status_of("GET / HTTP/1.1\r\nContent-Encoding: identity\r\n\r\n") == 0);
}

BOOST_AUTO_TEST_CASE(limits_give_414_431_and_413) {
  BOOST_TEST(status_of("GET /" + std::string(80, 'a') + " HTTP/1.1\r\n\r\n") == 414);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 5; ++i)
    many += "X-" + std::to_string(i) + ": v\r\n";
  BOOST_TEST(status_of(many + "\r\n") == 431, "five header lines over a limit of four");
  BOOST_TEST(status_of("GET / HTTP/1.1\r\nX: " + std::string(300, 'v') + "\r\n\r\n") == 431);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n") == 413);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n") == 0);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n") == 400, "too many digits");
}

BOOST_AUTO_TEST_CASE(partial_heads_are_refused_as_soon_as_they_break_a_limit) {
  const auto l = small_limits();
  BOOST_TEST(!check_partial_head("GET / HTTP/1.1\r\nHost", l).has_value());
  BOOST_TEST(check_partial_head("GET /" + std::string(70, 'a'), l)->status == 414, "no line end yet, already too long");
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 6; ++i)
    many += "X: v\r\n";
  BOOST_TEST(check_partial_head(many, l)->status == 431, "too many lines before the blank one");
  BOOST_TEST(check_partial_head("GET / HTTP/1.1\r\nX: " + std::string(300, 'v'), l)->status == 431);
}

BOOST_AUTO_TEST_CASE(encoded_bodies_are_415_and_ambiguous_framing_is_400) {
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\n") == 415);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n") == 400);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n") == 0);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 400);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
  BOOST_TEST(status_of("GET / HTTP/1.1\r\n folded: line\r\n\r\n") == 400, "obsolete line folding");
  BOOST_TEST(status_of("GET / HTTP/1.1\r\nno colon\r\n\r\n") == 400);
  BOOST_TEST(status_of("GET / HTTP/2.0\r\n\r\n") == 400);
}

BOOST_AUTO_TEST_CASE(line_ends_are_crlf_only_and_values_hold_no_controls) {
  const auto l = small_limits();
  BOOST_TEST(status_of("GET / HTTP/1.1\nHost: x\r\n\r\n") == 400, "bare LF after the request line");
  BOOST_TEST(status_of("GET / HTTP/1.1\r\nX: a\nContent-Length: 5\r\n\r\n") == 400, "bare LF inside a header");
  BOOST_TEST(status_of("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n") == 400, "bare CR");
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nTransfer-Encoding:\x0b" "chunked\r\n\r\n") == 400, "vertical tab");
  BOOST_TEST(status_of(std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26)) == 400, "NUL");
  BOOST_TEST(status_of("GET / HTTP/1.1\r\nX: a\tb\r\n\r\n") == 0, "a tab is white space");
  // A bare LF is refused as soon as it arrives: no waiting for a blank line that never comes.
  BOOST_TEST(check_partial_head("GET / HTTP/1.1\nHost: x\n", l)->status == 400);
  BOOST_TEST(!check_partial_head("GET / HTTP/1.1\r", l).has_value(), "a CR whose LF is on its way");
  BOOST_TEST(status_of("Transfer-Encoding : chunked\r\n\r\n") == 400, "not a request line");
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n") == 400, "space before the colon");
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n") == 400);
  BOOST_TEST(status_of("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n") == 400);
}

BOOST_AUTO_TEST_CASE(the_request_line_is_method_target_version) {
  head_facts f;
  BOOST_TEST(status_of("PROPFIND /a?b=c HTTP/1.1\r\n\r\n", &f) == 0);
  BOOST_TEST(f.method == "PROPFIND");
  BOOST_TEST(status_of("GET  / HTTP/1.1\r\n\r\n") == 400, "two spaces: an empty target");
  BOOST_TEST(status_of("GET /a b HTTP/1.1\r\n\r\n") == 400, "a space in the target");
  BOOST_TEST(status_of("G(T / HTTP/1.1\r\n\r\n") == 400, "the method is not a token");
  BOOST_TEST(status_of(" / HTTP/1.1\r\n\r\n") == 400);
  BOOST_TEST(status_of("GET /\x7f HTTP/1.1\r\n\r\n") == 400);
}

BOOST_AUTO_TEST_CASE(served_methods_and_the_ones_whose_body_is_read) {
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    BOOST_TEST(http::method_served(m), m);
  for (const char* m : {"TRACE", "CONNECT", "QUERY", "PROPFIND", "PRI", "get", "FOO"})
    BOOST_TEST(!http::method_served(m), m);
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE"})
    BOOST_TEST(http::method_reads_body(m), m);
  for (const char* m : {"GET", "HEAD", "OPTIONS", "TRACE"})
    BOOST_TEST(!http::method_reads_body(m), m);
}

BOOST_AUTO_TEST_CASE(range_lines_are_stripped_and_nothing_else) {
  const std::string head = "GET /openapi.json HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,0-1\r\nrange: x\r\n"
                           "If-Range: y\r\nX-Ranger: keep\r\n\r\n";
  BOOST_TEST(http::strip_range_headers(head) == "GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Ranger: keep\r\n\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
