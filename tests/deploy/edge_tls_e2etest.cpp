// The edge with TLS (docs/edge.md, "TLS"; issue 20): a certificate made by scripts/edge-cert, a
// private edge rendered by scripts/edge-config --tls-cert in front of the real service, and
// clients that check what they get: the certificate itself, the protocol versions and ciphers
// the edge accepts, HSTS, answers proxied over HTTPS, and the plain listener's redirect.
// openssl s_client is the client for the handshakes (it can offer exactly one version);
// cpp-httplib's SSLClient (Debian builds it with OpenSSL) for HTTP over TLS.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <unistd.h>

#include "support/edge_process.hpp"
#include "support/run_command.hpp"
#include "support/server_process.hpp"

namespace {

namespace fs = std::filesystem;
using test_env::run_command;

const std::string hsts = "max-age=63072000; includeSubDomains";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// One service, a certificate, and an edge with TLS in front of the service.
struct tls_edge {
  fs::path dir = fs::temp_directory_path() / ("p2p-edge-tls-" + std::to_string(::getpid()));
  std::string cert, key, fingerprint;  // fingerprint: SHA-256, as edge-cert printed it
  test_env::server_process service;
  test_env::edge_process edge;

  tls_edge() {
    fs::create_directories(dir);
    const auto made = run_command(std::string(P2P_SOURCE_DIR) + "/scripts/edge-cert --out " + dir.string());
    BOOST_REQUIRE_MESSAGE(made.code == 0, made.output);
    std::istringstream line(made.output);
    line >> cert >> fingerprint;
    key = (dir / "edge.key").string();
    BOOST_REQUIRE_MESSAGE(cert == (dir / "edge.crt").string() && fingerprint.size() == 95, made.output);
    BOOST_REQUIRE_MESSAGE(service.start(), service.log());
    std::string error;
    test_env::edge_options o;
    o.tls_cert = cert;
    o.tls_key = key;
    BOOST_REQUIRE_MESSAGE(edge.start({service.port()}, error, o), error);
  }
  ~tls_edge() {
    edge.stop();
    fs::remove_all(dir);
  }

  // A TLS handshake with openssl s_client and `options`; stdout and stderr, and the exit code.
  test_env::command_result handshake(const std::string& options) const {
    return run_command("timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(edge.tls_port()) +
                       " -servername localhost " + options + " </dev/null");
  }

  // An HTTPS client of the edge that trusts the generated certificate only.
  void trust(httplib::SSLClient& c) const {
    c.set_ca_cert_path(cert.c_str());
    c.enable_server_certificate_verification(true);  // against the SAN IP:127.0.0.1
    c.set_connection_timeout(5);
    c.set_read_timeout(15);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(edge_tls_e2e)

BOOST_FIXTURE_TEST_CASE(the_edge_serves_the_generated_certificate_and_only_tls_1_2_and_1_3, tls_edge) {
  // The certificate on the wire is the one edge-cert made, and it verifies for localhost with
  // nothing but itself as the trust anchor.
  const auto served = run_command("timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(edge.tls_port()) +
                                  " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint "
                                  "-sha256 -subject");
  BOOST_TEST(served.code == 0, served.output);
  BOOST_TEST(has(served.output, "=" + fingerprint + "\n"), "served:\n" << served.output << "made: " << fingerprint);
  BOOST_TEST(has(served.output, "CN = p2p-backend local edge"), served.output);
  const auto verified = handshake("-CAfile " + cert + " -verify_hostname localhost -verify_return_error");
  BOOST_TEST(verified.code == 0, verified.output);
  BOOST_TEST(has(verified.output, "Verify return code: 0 (ok)"), verified.output);

  // TLS 1.2 and 1.3 are accepted.
  const auto v12 = handshake("-tls1_2");
  BOOST_TEST(has(v12.output, "New, TLSv1.2, Cipher is ECDHE-"), v12.output);
  BOOST_TEST(!has(v12.output, "TLS session ticket:"), "session tickets are off:\n" << v12.output);
  const auto v13 = handshake("-tls1_3");
  BOOST_TEST(has(v13.output, "New, TLSv1.3, Cipher is TLS_"), v13.output);

  // TLS 1.0 and 1.1 are refused by the edge: the client offers them at security level 0 (so it
  // is not OpenSSL's own client policy that refuses), and the edge answers with a
  // protocol_version alert.
  for (const char* old : {"-tls1", "-tls1_1"}) {
    const auto r = handshake(std::string(old) + " -cipher DEFAULT:@SECLEVEL=0");
    BOOST_TEST(r.code != 0, old << ":\n" << r.output);
    BOOST_TEST(has(r.output, "alert protocol version"), old << ":\n" << r.output);
    BOOST_TEST(has(r.output, "Cipher is (NONE)"), old << ":\n" << r.output);
  }
  // A TLS 1.2 cipher without AEAD (CBC) is refused although the key could sign for it.
  const auto cbc = handshake("-tls1_2 -cipher ECDHE-ECDSA-AES128-SHA");
  BOOST_TEST(cbc.code != 0, cbc.output);
  BOOST_TEST(has(cbc.output, "Cipher is (NONE)"), cbc.output);
}

BOOST_FIXTURE_TEST_CASE(https_answers_are_proxied_with_hsts_and_plain_http_is_redirected, tls_edge) {
  httplib::SSLClient c("127.0.0.1", edge.tls_port());
  trust(c);
  const auto live = c.Get("/health/live");
  BOOST_REQUIRE_MESSAGE(live, "GET /health/live over TLS: " << httplib::to_string(live.error()));
  BOOST_TEST(live->status == 200, live->body);
  BOOST_TEST(live->get_header_value("Strict-Transport-Security") == hsts);
  // An answer the edge gives itself (an unknown method is 501 there) carries HSTS as well.
  const auto own = c.send([] {
    httplib::Request r;
    r.method = "FOO";
    r.path = "/health/live";
    return r;
  }());
  BOOST_REQUIRE(own);
  BOOST_TEST(own->status == 501, own->body);
  BOOST_TEST(own->get_header_value("Strict-Transport-Security") == hsts);
  // A client that does not trust the generated certificate (the system's CAs only) is refused.
  httplib::SSLClient stranger("127.0.0.1", edge.tls_port());
  stranger.enable_server_certificate_verification(true);
  stranger.set_connection_timeout(5);
  BOOST_TEST(!stranger.Get("/health/live"), "a self-signed certificate passed the system's CAs");

  // Plain HTTP: a permanent redirect to the same path and query over HTTPS, for any method, and
  // no HSTS (a browser ignores it on plain HTTP).
  httplib::Client plain("127.0.0.1", edge.port());
  plain.set_connection_timeout(5);
  const auto https_base = "https://127.0.0.1:" + std::to_string(edge.tls_port());
  const auto get = plain.Get("/health/live?probe=1");
  BOOST_REQUIRE(get);
  BOOST_TEST(get->status == 308);
  BOOST_TEST(get->get_header_value("Location") == https_base + "/health/live?probe=1");
  BOOST_TEST(!get->has_header("Strict-Transport-Security"));
  const auto post = plain.Post("/api/v1/sessions", R"({"email":"a@b.c","password":"x"})", "application/json");
  BOOST_REQUIRE(post);
  BOOST_TEST(post->status == 308);
  BOOST_TEST(post->get_header_value("Location") == https_base + "/api/v1/sessions");

  // Nothing that came over plain HTTP reached an instance (no upstream in the access log, which
  // nginx writes out within a second).
  std::string access;
  for (const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
       !has(access, "/api/v1/sessions") && std::chrono::steady_clock::now() < until;
       std::this_thread::sleep_for(std::chrono::milliseconds(100)))
    access = edge.access_log();
  for (const std::string uri : {"/health/live?probe=1", "/api/v1/sessions"}) {
    const auto at = access.find("\"uri\":\"" + uri + "\",\"status\":308");
    BOOST_TEST((at != std::string::npos && access.find("\"upstream\":\"\"", at) < access.find('\n', at)),
               uri << " went upstream or is not logged:\n" << access);
  }
}

BOOST_AUTO_TEST_SUITE_END()
