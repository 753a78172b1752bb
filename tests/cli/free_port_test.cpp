// The port the systemd and secrets tests hand their children before they start.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/free_port.hpp"

namespace {

int listen_on(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(free_port_rules)

BOOST_AUTO_TEST_CASE(ports_are_bindable_distinct_and_below_the_ephemeral_range) {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 32768, high = 0;
  range >> low >> high;
  std::set<int> seen;
  std::vector<int> held;
  for (int i = 0; i < 20; ++i) {
    const int port = test_env::free_port();
    BOOST_TEST(port >= 20000);
    BOOST_TEST(port < low);
    BOOST_TEST(seen.insert(port).second, "port " << port << " handed out twice");
    const int fd = listen_on(port);
    BOOST_TEST(fd >= 0, "port " << port << " could not be bound");
    held.push_back(fd);  // taken now: the next call must skip it
  }
  for (int fd : held)
    if (fd >= 0)
      ::close(fd);
}

BOOST_AUTO_TEST_SUITE_END()
