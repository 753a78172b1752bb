#include "support/fault_proxy.hpp"

#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace test_env {

namespace {

int listen_on(int port, int& bound) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 128) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  bound = ntohs(a.sin_port);
  return fd;
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Moves what is readable from `from` to `to`; false when the link should close.
bool pump(int from, int to) {
  char buf[65536];
  const ssize_t n = ::recv(from, buf, sizeof buf, 0);
  if (n <= 0)
    return false;
  ssize_t off = 0;
  while (off < n) {
    const ssize_t w = ::send(to, buf + off, static_cast<size_t>(n - off), MSG_NOSIGNAL);
    if (w <= 0)
      return false;
    off += w;
  }
  return true;
}

}  // namespace

fault_proxy::fault_proxy(int target_port) : target_port_(target_port) {
  listen_fd_ = listen_on(0, port_);
  if (listen_fd_ < 0 || ::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::runtime_error("fault_proxy: cannot listen");
  thread_ = std::thread([this] { run(); });
}

fault_proxy::~fault_proxy() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  (void)!::write(wake_[1], "x", 1);
  thread_.join();
  for (auto [a, b] : links_) {
    ::close(a);
    ::close(b);
  }
  if (listen_fd_ >= 0)
    ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void fault_proxy::cut() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cut_ = true;
    changed_ = true;
  }
  (void)!::write(wake_[1], "x", 1);
  // Wait until the loop has closed everything, so the caller can rely on it.
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!changed_)
        return;
    }
    std::this_thread::yield();
  }
}

void fault_proxy::restore() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cut_ = false;
    changed_ = true;
  }
  (void)!::write(wake_[1], "x", 1);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!changed_)
        return;
    }
    std::this_thread::yield();
  }
}

void fault_proxy::run() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_)
        return;
      if (changed_) {
        if (cut_) {
          for (auto [a, b] : links_) {
            ::close(a);
            ::close(b);
          }
          links_.clear();
          if (listen_fd_ >= 0)
            ::close(listen_fd_);
          listen_fd_ = -1;  // new connections are refused
        } else if (listen_fd_ < 0) {
          int bound = 0;
          listen_fd_ = listen_on(port_, bound);
        }
        changed_ = false;
      }
    }
    std::vector<pollfd> fds{{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    for (auto [a, b] : links_) {
      fds.push_back({a, POLLIN, 0});
      fds.push_back({b, POLLIN, 0});
    }
    ::poll(fds.data(), fds.size(), 100);
    char sink[64];
    while (::read(wake_[0], sink, sizeof sink) > 0) {
    }
    std::vector<std::pair<int, int>> kept;
    for (size_t i = 0; i < links_.size(); ++i) {
      const auto [a, b] = links_[i];
      const short ra = fds[2 + 2 * i].revents, rb = fds[3 + 2 * i].revents;
      bool ok = true;
      if (ra & (POLLIN | POLLHUP | POLLERR))
        ok = pump(a, b);
      if (ok && (rb & (POLLIN | POLLHUP | POLLERR)))
        ok = pump(b, a);
      if (ok) {
        kept.emplace_back(a, b);
      } else {
        ::close(a);
        ::close(b);
      }
    }
    links_.swap(kept);
    if (listen_fd_ >= 0 && (fds[1].revents & POLLIN)) {
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        const int store = connect_to(target_port_);
        if (store < 0) {
          ::close(client);
        } else {
          links_.emplace_back(client, store);
          ++accepted_;
        }
      }
    }
  }
}

}  // namespace test_env
