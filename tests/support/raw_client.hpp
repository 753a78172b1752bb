// Raw HTTP/1.1 over a TCP socket, for tests that must misbehave the way a hostile client does:
// idle connections, heads trickled a line at a time, bodies that never end, chunked and
// length-less framing, thousands of headers. Each socket may be bound to a loopback source
// address of its own (127.0.0.2, ...), so the edge sees distinct clients. Not thread-safe per
// object; use one per thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace test_env {

struct raw_response {
  int status = 0;                              // 0: no complete answer
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

class raw_socket {
public:
  raw_socket() = default;
  ~raw_socket();
  raw_socket(raw_socket&& o) noexcept;
  raw_socket& operator=(raw_socket&& o) noexcept;
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;

  // Connects to 127.0.0.1:port from `source` (any loopback address); false on failure.
  bool connect(int port, const std::string& source = "127.0.0.1");
  bool is_open() const { return fd_ >= 0; }
  // Sends all of `data`; false when the peer closed or reset (or `limit` passed).
  bool send(const std::string& data, std::chrono::milliseconds limit = std::chrono::seconds(5));
  // Reads one response (Content-Length bodies, or to the close); `status` 0 on timeout.
  raw_response read_response(std::chrono::milliseconds limit = std::chrono::seconds(5));
  // Every byte the peer sends until it closes (or `limit` passes; `closed` says which), the
  // bytes already read past the last response included.
  std::string read_until_closed(std::chrono::milliseconds limit, bool* closed = nullptr);
  // True when the peer has closed (or reset) the connection within `limit`.
  bool closed_by_peer(std::chrono::milliseconds limit);
  void close();

private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the last response
};

// One request on a new connection (Connection: close), the time it took in `took`.
raw_response raw_request(int port, const std::string& request, std::chrono::milliseconds* took = nullptr,
                         const std::string& source = "127.0.0.1",
                         std::chrono::milliseconds limit = std::chrono::seconds(5));

// "GET path HTTP/1.1\r\nHost: t\r\n" + extra + "Connection: close\r\n\r\n"
std::string simple_get(const std::string& path, const std::string& extra_headers = "");

}  // namespace test_env
