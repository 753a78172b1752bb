#include "support/free_port.hpp"

#include <fstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace test_env {

namespace {

// The lowest port of the kernel's ephemeral range (32768 when unreadable: Linux's default).
int ephemeral_low() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 0, high = 0;
  return in >> low >> high && low > 0 ? low : 32768;
}

bool bindable(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // as the service binds
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int free_port() {
  constexpr int first = 20000;  // well above the privileged ports; a store listening in the range is skipped
  const int last = ephemeral_low() - 1;
  if (last <= first)
    throw std::runtime_error("free_port: no ports below the ephemeral range");
  const int span = last - first + 1;
  static int next = static_cast<int>(::getpid() * 97 % span);
  for (int tries = 0; tries < span; ++tries) {
    const int port = first + next;
    next = (next + 1) % span;
    if (bindable(port))
      return port;
  }
  throw std::runtime_error("free_port: every port in [20000, ephemeral range) is taken");
}

}  // namespace test_env
