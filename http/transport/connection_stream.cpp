#include "http/transport/connection_stream.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

namespace http {

namespace {

using std::chrono::milliseconds;

// How often a wait looks at the server's state (stop, pressure) besides the socket.
constexpr milliseconds slice{25};
constexpr size_t recv_chunk = 16384;

bool poll_one(int sock, short events, milliseconds wait) {
  pollfd p{sock, events, 0};
  const int n = ::poll(&p, 1, static_cast<int>(wait.count()));
  return n > 0;  // readable/writable, or an error or hang-up the next call reports
}

milliseconds until(connection_stream::clock::time_point t) {
  const auto left = std::chrono::duration_cast<milliseconds>(t - connection_stream::clock::now());
  return std::max(milliseconds{0}, left);
}

void address_of(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  ip.clear();
  port = 0;
  if (rc != 0)
    return;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

}  // namespace

connection_stream::connection_stream(int sock, timeouts t, std::function<bool()> pressure)
    : sock_(sock), t_(t), pressure_(std::move(pressure)) {}

connection_stream::wait_result connection_stream::wait_for_request(milliseconds idle_for, milliseconds grace) {
  in_body_ = false;
  head_left_ = 0;
  if (pos_ < buf_.size())
    return wait_result::ready;  // a pipelined request is already here
  const auto start = clock::now();
  const auto deadline = start + idle_for;
  for (;;) {
    if (poll_one(sock_, POLLIN, std::min(slice, until(deadline)))) {
      return fill() > 0 ? wait_result::ready : wait_result::closed;
    }
    // Not cut when the server stops: a balancer may be about to send on this connection, and
    // closing it under the balancer loses that request. It closes after one more answer
    // (marked Connection: close), or when its client closes it, or at its idle timeout.
    const auto now = clock::now();
    if (now >= deadline || (now - start >= grace && pressure_()))
      return wait_result::idle;
  }
}

bool connection_stream::wait_readable(clock::time_point deadline, clock::time_point pressure_deadline) const {
  for (;;) {
    if (poll_one(sock_, POLLIN, std::min(slice, until(deadline))))
      return true;
    const auto now = clock::now();
    if (now >= deadline || (now >= pressure_deadline && pressure_()))
      return false;
  }
}

ssize_t connection_stream::fill() {
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  const size_t old = buf_.size();
  buf_.resize(old + recv_chunk);
  ssize_t n;
  do {
    n = ::recv(sock_, buf_.data() + old, recv_chunk, 0);
  } while (n < 0 && errno == EINTR);
  buf_.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
  return n;
}

connection_stream::head_result connection_stream::read_head(const head_limits& limits, head_facts& facts,
                                                            head_refusal& refusal) {
  if (pos_ > 0) {  // drop what earlier requests consumed
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const auto start = clock::now();
  const auto deadline = start + t_.header;
  const auto pressure_deadline = start + t_.under_pressure;
  for (;;) {
    const std::string_view view(buf_);
    if (const auto end = head_end(view)) {
      head_.assign(view.substr(0, *end));
      if (auto r = check_head(head_, limits, facts)) {
        refusal = *r;
        spoiled_ = true;
        return head_result::refused;
      }
      auto stripped = strip_range_headers(head_);
      buf_.replace(0, *end, stripped);
      head_ = std::move(stripped);
      return head_result::ok;
    }
    if (auto r = check_partial_head(view, limits)) {
      head_.assign(view.substr(0, std::min<size_t>(view.size(), limits.max_head_bytes)));
      refusal = *r;
      spoiled_ = true;
      return head_result::refused;
    }
    if (!wait_readable(deadline, pressure_deadline)) {
      spoiled_ = true;
      return head_result::timed_out;
    }
    if (fill() <= 0) {
      spoiled_ = true;
      return head_result::closed;
    }
  }
}

void connection_stream::begin_body(size_t budget, bool chunked) {
  head_left_ = head_.size();
  in_body_ = true;
  body_left_ = budget;
  chunked_ = chunked;
  const auto now = clock::now();
  body_deadline_ = now + t_.body;
  body_pressure_deadline_ = now + t_.under_pressure;
}

ssize_t connection_stream::read(char* ptr, size_t size) {
  if (spoiled_ || size == 0)
    return spoiled_ ? -1 : 0;
  size_t allowed = size;
  if (head_left_ > 0) {
    allowed = std::min(allowed, head_left_);  // the head is whole in the buffer
  } else if (in_body_) {
    if (body_left_ == 0) {
      if (!chunked_)
        return 0;  // the end of the body; what follows is the next request
      over_budget_ = spoiled_ = true;  // a chunked body that goes on past the limit
      return -1;
    }
    allowed = std::min(allowed, body_left_);
  }
  if (pos_ == buf_.size()) {
    if (!wait_readable(in_body_ ? body_deadline_ : clock::now() + t_.header,
                       in_body_ ? body_pressure_deadline_ : clock::time_point::max())) {
      spoiled_ = true;
      return -1;
    }
    const ssize_t n = fill();
    if (n <= 0) {
      if (n < 0)
        spoiled_ = true;
      return n;
    }
  }
  const size_t n = std::min(allowed, buf_.size() - pos_);
  std::memcpy(ptr, buf_.data() + pos_, n);
  pos_ += n;
  if (head_left_ > 0)
    head_left_ -= n;
  else if (in_body_)
    body_left_ -= n;
  return static_cast<ssize_t>(n);
}

ssize_t connection_stream::write(const char* ptr, size_t size) {
  if (!poll_one(sock_, POLLOUT, t_.write))
    return -1;
  ssize_t n;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

bool connection_stream::is_readable() const {
  return pos_ < buf_.size() || poll_one(sock_, POLLIN, t_.header);
}

bool connection_stream::is_writable() const { return poll_one(sock_, POLLOUT, t_.write); }

void connection_stream::get_remote_ip_and_port(std::string& ip, int& port) const { address_of(sock_, true, ip, port); }
void connection_stream::get_local_ip_and_port(std::string& ip, int& port) const { address_of(sock_, false, ip, port); }

void connection_stream::linger() {
  ::shutdown(sock_, SHUT_WR);
  const auto deadline = clock::now() + milliseconds{1000};
  char sink[4096];
  size_t dropped = 0;
  // Up to 2 MiB, twice the default body limit: a client that sends a body just over the limit
  // before it reads (cpp-httplib, most scripts) finishes its write and reads the 413 instead
  // of a reset. Bounded in bytes (dropped, never kept) and in time (1 s).
  while (dropped < (2u << 20) && poll_one(sock_, POLLIN, until(deadline))) {
    const ssize_t n = ::recv(sock_, sink, sizeof sink, 0);
    if (n <= 0)
      break;
    dropped += static_cast<size_t>(n);
  }
}

}  // namespace http
