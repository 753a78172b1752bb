#include "http/transport/connection_refuser.hpp"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace http {

namespace {

constexpr auto linger_for = std::chrono::seconds(1);

void drain(int sock) {
  char sink[4096];
  while (::recv(sock, sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }
}

}  // namespace

connection_refuser::connection_refuser(size_t max_open) : max_open_(max_open) {
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
    wake_[0] = wake_[1] = -1;
  thread_ = std::thread([this] { run(); });
}

connection_refuser::~connection_refuser() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  if (wake_[1] >= 0)
    (void)!::write(wake_[1], "x", 1);
  thread_.join();
  for (int fd : wake_)
    if (fd >= 0)
      ::close(fd);
}

void connection_refuser::refuse(int sock, const std::string& answer) {
  drain(sock);  // what already arrived, so the close below is not a reset
  (void)!::send(sock, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(sock, SHUT_WR);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stop_ && incoming_.size() < max_open_ && wake_[1] >= 0) {
      incoming_.push_back({sock, std::chrono::steady_clock::now() + linger_for});
      (void)!::write(wake_[1], "x", 1);
      return;
    }
  }
  ::close(sock);
}

void connection_refuser::run() {
  std::vector<lingering> open;
  std::vector<pollfd> fds;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_)
        break;
      for (auto& l : incoming_)
        if (open.size() < max_open_)
          open.push_back(l);
        else
          ::close(l.sock);
      incoming_.clear();
    }
    fds.assign(1, pollfd{wake_[0], POLLIN, 0});
    for (auto& l : open)
      fds.push_back({l.sock, POLLIN, 0});
    ::poll(fds.data(), fds.size(), 50);
    char buf[64];
    while (::read(wake_[0], buf, sizeof buf) > 0) {
    }
    const auto now = std::chrono::steady_clock::now();
    std::vector<lingering> still;
    for (size_t i = 0; i < open.size(); ++i) {
      bool done = now >= open[i].until;
      if (!done && (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR))) {
        char sink[4096];
        const ssize_t n = ::recv(open[i].sock, sink, sizeof sink, MSG_DONTWAIT);
        done = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
      }
      if (done)
        ::close(open[i].sock);
      else
        still.push_back(open[i]);
    }
    open.swap(still);
  }
  for (auto& l : open)
    ::close(l.sock);
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& l : incoming_)
    ::close(l.sock);
  incoming_.clear();
}

}  // namespace http
