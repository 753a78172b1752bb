#include "support/raw_client.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace test_env {

namespace {

using clock = std::chrono::steady_clock;

int millis_until(clock::time_point t) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(t - clock::now()).count();
  return static_cast<int>(std::max<long long>(0, left));
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string raw_response::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

raw_socket::~raw_socket() { close(); }

raw_socket::raw_socket(raw_socket&& o) noexcept : fd_(o.fd_), pending_(std::move(o.pending_)) { o.fd_ = -1; }

raw_socket& raw_socket::operator=(raw_socket&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    pending_ = std::move(o.pending_);
    o.fd_ = -1;
  }
  return *this;
}

void raw_socket::close() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

bool raw_socket::connect(int port, const std::string& source) {
  close();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0)
    return false;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
    close();
    return false;
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close();
    return false;
  }
  int yes = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  return true;
}

bool raw_socket::send(const std::string& data, std::chrono::milliseconds limit) {
  const auto until = clock::now() + limit;
  size_t off = 0;
  while (fd_ >= 0 && off < data.size()) {
    pollfd p{fd_, POLLOUT, 0};
    if (::poll(&p, 1, millis_until(until)) <= 0 || (p.revents & (POLLERR | POLLHUP)))
      return false;
    const ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR)
        continue;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return fd_ >= 0;
}

raw_response raw_socket::read_response(std::chrono::milliseconds limit) {
  const auto until = clock::now() + limit;
  raw_response out;
  std::string& buf = pending_;
  bool eof = false;
  auto more = [&]() {
    pollfd p{fd_, POLLIN, 0};
    if (fd_ < 0 || ::poll(&p, 1, millis_until(until)) <= 0)
      return false;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      eof = true;
      return false;
    }
    buf.append(chunk, static_cast<size_t>(n));
    return true;
  };
  size_t head_end;
  while ((head_end = buf.find("\r\n\r\n")) == std::string::npos)
    if (!more())
      return out;
  const std::string head = buf.substr(0, head_end);
  size_t pos = head.find("\r\n");
  const std::string status_line = head.substr(0, pos);
  if (status_line.size() < 12)
    return out;
  const int status = std::atoi(status_line.c_str() + 9);
  while (pos != std::string::npos && pos < head.size()) {
    const size_t next = head.find("\r\n", pos + 2);
    const std::string line = head.substr(pos + 2, (next == std::string::npos ? head.size() : next) - pos - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      out.headers[lower(line.substr(0, colon))] = value;
    }
    pos = next;
  }
  buf.erase(0, head_end + 4);
  if (auto cl = out.headers.find("content-length"); cl != out.headers.end()) {
    const size_t len = std::stoul(cl->second);
    while (buf.size() < len)
      if (!more())
        return out;
    out.body = buf.substr(0, len);
    buf.erase(0, len);
  } else {
    while (more()) {
    }
    if (!eof)
      return out;
    out.body = std::move(buf);
    buf.clear();
  }
  out.status = status;
  return out;
}

bool raw_socket::closed_by_peer(std::chrono::milliseconds limit) {
  const auto until = clock::now() + limit;
  while (fd_ >= 0) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, millis_until(until)) <= 0)
      return false;
    char sink[65536];
    const ssize_t n = ::recv(fd_, sink, sizeof sink, 0);
    if (n <= 0)
      return true;
  }
  return true;
}

raw_response raw_request(int port, const std::string& request, std::chrono::milliseconds* took,
                         const std::string& source, std::chrono::milliseconds limit) {
  const auto start = clock::now();
  raw_socket s;
  raw_response r;
  if (s.connect(port, source) && s.send(request, limit))
    r = s.read_response(limit);
  if (took)
    *took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start);
  return r;
}

std::string raw_socket::read_until_closed(std::chrono::milliseconds limit, bool* closed) {
  const auto until = clock::now() + limit;
  std::string out = std::move(pending_);
  pending_.clear();
  bool eof = false;
  while (fd_ >= 0 && !eof) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, millis_until(until)) <= 0)
      break;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0)
      eof = true;
    else
      out.append(chunk, static_cast<size_t>(n));
  }
  if (closed)
    *closed = eof;
  return out;
}

std::string simple_get(const std::string& path, const std::string& extra_headers) {
  return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra_headers + "Connection: close\r\n\r\n";
}

}  // namespace test_env
