#include "support/notify_socket.hpp"

#include <stdexcept>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace test_env {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    if (end > start)
      out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

bool notify_socket::message::has(const std::string& line) const {
  for (const auto& l : lines_of(text))
    if (l == line)
      return true;
  return false;
}

std::string notify_socket::message::status() const {
  for (const auto& l : lines_of(text))
    if (l.rfind("STATUS=", 0) == 0)
      return l.substr(7);
  return "";
}

notify_socket::notify_socket() {
  path_ = "/tmp/p2p-notify-" + std::to_string(::getpid()) + "-" +
          std::to_string(clock::now().time_since_epoch().count()) + ".sock";
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (fd_ < 0 || path_.size() >= sizeof addr.sun_path)
    throw std::runtime_error("notify_socket: cannot create a datagram socket");
  path_.copy(addr.sun_path, path_.size());
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::pipe(wake_) != 0)
    throw std::runtime_error("notify_socket: cannot bind " + path_);
  thread_ = std::thread([this] { run(); });
}

notify_socket::~notify_socket() {
  char c = 0;
  (void)!::write(wake_[1], &c, 1);
  thread_.join();
  ::close(fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
  ::unlink(path_.c_str());
}

void notify_socket::run() {
  std::vector<char> buf(64 * 1024);
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0)
      continue;
    if (fds[1].revents)
      return;
    const auto n = ::recv(fd_, buf.data(), buf.size(), 0);
    if (n <= 0)
      continue;
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back({clock::now(), std::string(buf.data(), static_cast<size_t>(n))});
  }
}

std::vector<notify_socket::message> notify_socket::messages() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_;
}

std::vector<notify_socket::clock::time_point> notify_socket::times_of(const std::string& line) const {
  std::vector<clock::time_point> out;
  for (const auto& m : messages())
    if (m.has(line))
      out.push_back(m.at);
  return out;
}

std::optional<notify_socket::message> notify_socket::wait_for_line(const std::string& line,
                                                                   std::chrono::milliseconds limit) const {
  const auto until = clock::now() + limit;
  for (;;) {
    for (const auto& m : messages())
      if (m.has(line))
        return m;
    if (clock::now() >= until)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<notify_socket::message> notify_socket::wait_for_status(const std::string& status_part,
                                                                     std::chrono::milliseconds limit) const {
  const auto until = clock::now() + limit;
  for (;;) {
    for (const auto& m : messages())
      if (m.status().find(status_part) != std::string::npos)
        return m;
    if (clock::now() >= until)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace test_env
