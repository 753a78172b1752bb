// pg_connection without a PostgreSQL server: URL checks, a refused port, and the connect
// deadline against a listener that never answers.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "storage/postgres/pg_connection.hpp"

using namespace std::chrono_literals;

namespace {

// A TCP socket on 127.0.0.1 listening (or merely bound) on a free port; closed at the end.
struct local_socket {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  explicit local_socket(bool listening) {
    BOOST_REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    BOOST_REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
    if (listening)
      BOOST_REQUIRE(listen(fd, 8) == 0);
  }
  ~local_socket() { close(fd); }
};

storage::code code_of(const storage::result<std::unique_ptr<storage::pg_connection>>& r) {
  return r.get_status().error_code();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_connection_offline)

BOOST_AUTO_TEST_CASE(bad_urls_are_invalid) {
  for (const char* url : {"mysql://u:p@127.0.0.1/db", "not a url", "postgresql://u:p@127.0.0.1:5432/db?bogus_option=1",
                          "postgresql://u:p@127.0.0.1:5432/db?password=x"}) {
    auto r = storage::pg_connection::connect(url, 1000ms);
    BOOST_TEST(static_cast<int>(code_of(r)) == static_cast<int>(storage::code::invalid), url);
  }
}

BOOST_AUTO_TEST_CASE(refused_port_is_unavailable_without_the_password) {
  local_socket closed(false);  // bound, not listening: connections are refused
  const std::string url = "postgres+asyncpg://u:Sup3rS3cret@127.0.0.1:" + std::to_string(closed.port) + "/db";
  auto r = storage::pg_connection::connect(url, 2000ms);
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST(static_cast<int>(code_of(r)) == static_cast<int>(storage::code::unavailable));
  BOOST_TEST(r.get_status().message().find("Sup3rS3cret") == std::string::npos);
  BOOST_TEST(r.get_status().message().find("refused") != std::string::npos, r.get_status().message());
}

BOOST_AUTO_TEST_CASE(a_silent_server_hits_the_deadline) {
  local_socket silent(true);  // accepts in the kernel, never answers the startup packet
  const auto started = std::chrono::steady_clock::now();
  auto r = storage::pg_connection::connect(
      "postgresql://u:p@127.0.0.1:" + std::to_string(silent.port) + "/db?sslmode=disable", 300ms);
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST(static_cast<int>(code_of(r)) == static_cast<int>(storage::code::unavailable));
  BOOST_TEST(r.get_status().message().find("timed out after 300 ms") != std::string::npos,
             r.get_status().message());
  BOOST_TEST(took >= 290ms);
  BOOST_TEST(took < 1500ms);
}

BOOST_AUTO_TEST_SUITE_END()
