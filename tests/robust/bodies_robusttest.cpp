// Oversized, mis-framed and amplifying requests, through the edge and directly: each gets a
// bounded 4xx in the contract's shape, is never read past its limit, and leaves the service up.
#include <thread>

#include <nlohmann/json.hpp>

#include "support/auth_fixture.hpp"
#include "support/robust_fixture.hpp"

using namespace robust;
using test_env::raw_socket;

namespace {

const via both[] = {via::edge, via::direct};

std::string post_head(const std::string& path, const std::string& framing, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" + framing + extra + "\r\n";
}

// The contract's error code in a body ("" when it is not one).
std::string code_of(const raw_response& r) {
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

void check_error(const raw_response& r, int status, const std::string& code, const std::string& what) {
  check_clean(r, what);
  BOOST_TEST(r.status == status, what << ": status " << r.status << " " << r.body.substr(0, 200));
  BOOST_TEST(code_of(r) == code, what << ": " << r.body.substr(0, 200));
  BOOST_TEST(!r.header("x-request-id").empty(), what << ": no X-Request-Id");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bodies_robust)

BOOST_AUTO_TEST_CASE(a_chunked_body_over_the_limit_is_413_and_is_not_read_to_its_end) {
  for (via v : both) {
    raw_socket s;
    BOOST_REQUIRE(s.connect(port_of(v), attacker));
    BOOST_REQUIRE(s.send(post_head("/api/v1/users", "Transfer-Encoding: chunked\r\n")));
    // Offer 64 MiB in 64 KiB chunks; the answer must come long before (the limit is 1 MiB and
    // loopback buffers hold a few MiB at most), and then the server stops reading.
    const std::string chunk = "10000\r\n" + std::string(65536, ' ') + "\r\n";
    size_t sent = 0;
    raw_response r;
    while (sent < (64u << 20)) {
      if (!s.send(chunk, 2s))
        break;
      sent += 65536;
      if (sent % (1u << 20) == 0 && (r = s.read_response(1ms)).status != 0)
        break;
    }
    if (r.status == 0)
      r = s.read_response(3s);
    check_error(r, 413, "payload_too_large", std::string("chunked via ") + name_of(v));
    BOOST_TEST(sent < (64u << 20), name_of(v) << ": the whole 64 MiB was accepted");
  }
  check_alive("chunked");
}

BOOST_AUTO_TEST_CASE(a_declared_length_over_the_limit_is_413_before_any_body_is_sent) {
  for (via v : both) {
    for (const std::string length : {"1000000000000", "4194304"}) {
      raw_socket s;
      BOOST_REQUIRE(s.connect(port_of(v), attacker));
      BOOST_REQUIRE(s.send(post_head("/api/v1/users", "Content-Length: " + length + "\r\n")));
      const auto r = s.read_response(2s);  // no body byte was sent: the answer cannot wait for it
      check_error(r, 413, "payload_too_large", std::string("Content-Length ") + length + " via " + name_of(v));
      // The service closes at once; nginx lingers for more of the body up to lingering_timeout
      // (2 s without data) before it closes: 4 s allows both.
      BOOST_TEST(s.closed_by_peer(4s), name_of(v) << ": the connection stays open for a body it refused");
    }
  }
  check_alive("declared length");
}

BOOST_AUTO_TEST_CASE(a_compressed_body_is_415_and_never_inflated) {
  // 8 MiB of zeros gzip to a few KiB: a "zip bomb" the service must not inflate.
  const std::string gzip_head = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
  const std::string body = gzip_head + std::string(4000, '\0');
  for (via v : both) {
    const auto r = test_env::raw_request(
        port_of(v), post_head("/api/v1/users", "Content-Length: " + std::to_string(body.size()) + "\r\n",
                              "Content-Encoding: gzip\r\n") + body, nullptr, attacker);
    check_error(r, 415, "unsupported_media_type", std::string("gzip via ") + name_of(v));
  }
}

BOOST_AUTO_TEST_CASE(a_body_without_a_length_is_no_body_and_what_follows_is_refused) {
  // HTTP/1.1: a request with neither Content-Length nor chunked framing has no body, so the
  // service never reads "until the client stops". The bytes that follow are read as the next
  // request and refused; the connection closes.
  for (via v : both) {
    raw_socket s;
    BOOST_REQUIRE(s.connect(port_of(v), attacker));
    BOOST_REQUIRE(s.send(post_head("/api/v1/users", "")));
    const auto first = s.read_response(3s);
    check_clean(first, std::string("no length via ") + name_of(v));
    BOOST_TEST(first.status == 400, name_of(v) << ": " << first.status << " " << first.body);
    BOOST_TEST(code_of(first) == "malformed_json", first.body);
    (void)s.send(std::string(4u << 20, 'x'), 2s);  // may fail midway: the server closes
    const auto second = s.read_response(3s);
    check_clean(second, std::string("after no length via ") + name_of(v), true);
    BOOST_TEST((second.status == 0 || (second.status >= 400 && second.status < 500)), second.status);
    BOOST_TEST(s.closed_by_peer(3s), name_of(v) << ": garbage did not close the connection");
  }
  check_alive("no length");
}

BOOST_AUTO_TEST_CASE(range_requests_are_ignored_so_nothing_is_amplified) {
  std::string ranges = "Range: bytes=0-";
  for (int i = 0; i < 100; ++i)
    ranges += ",0-";
  for (via v : both) {
    const auto plain = test_env::raw_request(port_of(v), test_env::simple_get("/openapi.json"));
    const auto ranged = test_env::raw_request(port_of(v), test_env::simple_get("/openapi.json", ranges + "\r\n"), nullptr, attacker);
    check_clean(ranged, std::string("range via ") + name_of(v));
    BOOST_TEST(plain.status == 200);
    BOOST_TEST(ranged.status == 200, name_of(v) << ": " << ranged.status);
    BOOST_TEST(ranged.body.size() == plain.body.size(), name_of(v) << ": " << ranged.body.size() << " bytes for a " << plain.body.size() << "-byte document");
    BOOST_TEST(ranged.header("content-type").find("multipart") == std::string::npos);
    // A malformed Range is ignored too, never a 416.
    const auto bad = test_env::raw_request(port_of(v), test_env::simple_get("/openapi.json", "Range: lines=9-1\r\n"));
    BOOST_TEST(bad.status == 200, name_of(v) << ": " << bad.status);
  }
}

BOOST_AUTO_TEST_CASE(thousands_of_headers_are_431_and_a_long_request_line_is_414) {
  std::string many;
  for (int i = 0; i < 3000; ++i)
    many += "X-H" + std::to_string(i) + ": v\r\n";
  for (via v : both) {
    check_error(test_env::raw_request(port_of(v), test_env::simple_get("/health/live", many), nullptr, attacker), 431,
                "headers_too_large", std::string("3000 headers via ") + name_of(v));
    check_error(test_env::raw_request(port_of(v), test_env::simple_get("/health/live", "X-Big: " + std::string(40000, 'b') + "\r\n"),
                                      nullptr, attacker),
                431, "headers_too_large", std::string("a 40 KB header via ") + name_of(v));
    check_error(test_env::raw_request(port_of(v), test_env::simple_get("/" + std::string(10000, 'a')), nullptr, attacker), 414,
                "uri_too_long", std::string("a 10 KB request line via ") + name_of(v));
  }
  check_alive("headers");
}

BOOST_AUTO_TEST_CASE(bytes_after_the_json_value_and_deep_nesting_are_400_and_the_process_lives) {
  test_env::auth_fixture auth;
  const auto admin = auth.admin();
  const std::string deep = "{\"value\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const std::string with_nul = std::string("{\"value\":1}\0{\"x\":2}", 19);
  for (via v : both) {
    for (const auto& [body, what] : {std::pair{deep, "100 000 levels"}, std::pair{with_nul, "a NUL after the value"}}) {
      const auto r = test_env::raw_request(
          port_of(v),
          "PUT /api/v1/configs/robust." + auth.run_id() + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + admin.token +
              "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\nConnection: close\r\n\r\n" + body);
      check_error(r, 400, "malformed_json", std::string(what) + " via " + name_of(v));
    }
  }
  check_alive("deep JSON");
}

BOOST_AUTO_TEST_SUITE_END()
