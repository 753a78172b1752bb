// One client connection as cpp-httplib's Stream, with the limits cpp-httplib 0.11.4 lacks: the
// request head is read whole (within a deadline and the head limits) before cpp-httplib parses
// it, and the body that follows may take at most a byte budget and must arrive by a deadline,
// whatever its framing. Reads are buffered (cpp-httplib reads the head a byte at a time).
//
// Used by one thread at a time (the one serving the connection); the socket stays owned by the
// caller.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <httplib.h>

#include "http/transport/request_head.hpp"

namespace http {

class connection_stream : public httplib::Stream {
public:
  using clock = std::chrono::steady_clock;

  struct timeouts {
    std::chrono::milliseconds header{5000};        // the whole head, from its first byte
    std::chrono::milliseconds body{10000};         // the whole body, from the end of the head
    std::chrono::milliseconds write{5000};         // each write
    std::chrono::milliseconds under_pressure{1000};  // head or body, while connections wait for a thread
  };

  // `pressure` says whether other connections are waiting for a thread; it is polled while
  // this connection waits on its client.
  connection_stream(int sock, timeouts t, std::function<bool()> pressure);

  enum class wait_result { ready, idle, closed };
  // Waits for the first byte of the next request, at most `idle_for`; gives up early (idle)
  // after `grace` when other connections wait for a thread. A stopping server keeps waiting:
  // the answer to the next request closes the connection.
  wait_result wait_for_request(std::chrono::milliseconds idle_for, std::chrono::milliseconds grace);

  enum class head_result { ok, refused, timed_out, closed };
  // Reads until the head is complete. On ok, `facts` describe the body, and the buffered head
  // has lost its Range lines; on refused, `refusal` says why.
  head_result read_head(const head_limits& limits, head_facts& facts, head_refusal& refusal);

  // The raw head just read (for a request id when the head is refused).
  const std::string& head() const { return head_; }

  // From here the bytes past the head are the body: at most `budget` of them. For a
  // Content-Length body the budget is that length (and the reader stops there); for a chunked
  // one, the limit plus framing: a read past it is refused (over_budget). A request with
  // neither has no body (budget 0, reads answer end of body at once).
  void begin_body(size_t budget, bool chunked);

  // A read was refused because the body went over its budget (the answer is a 413).
  bool over_budget() const { return over_budget_; }
  // The connection must not carry another request (a refused or failed read).
  bool spoiled() const { return spoiled_; }
  // The current request's body was not read to its proven end: bytes of a Content-Length body
  // are left, or the body is chunked (its end is proven only by a reader that parsed it). The
  // next byte may then not start a request: the connection ends after the answer.
  bool body_unread() const { return in_body_ && (chunked_ || body_left_ > 0); }

  // Closes the write side, then reads and drops what the client still sends (at most 2 MiB,
  // for at most 1 s), so that an error answer is not lost to a reset. The caller closes the
  // socket.
  void linger();

  // httplib::Stream
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

private:
  // Waits until the socket is readable or `deadline`; false on timeout (or stop).
  bool wait_readable(clock::time_point deadline, clock::time_point pressure_deadline) const;
  // One recv into the buffer; bytes read, 0 at end of stream, -1 on error.
  ssize_t fill();

  int sock_;
  timeouts t_;
  std::function<bool()> pressure_;
  std::string buf_;
  size_t pos_ = 0;  // unread bytes are buf_[pos_ ..]
  std::string head_;
  // Body accounting: bytes of the current request's head still to be handed out, then body.
  size_t head_left_ = 0;
  bool in_body_ = false;
  size_t body_left_ = 0;
  bool chunked_ = false;
  clock::time_point body_deadline_{};
  clock::time_point body_pressure_deadline_{};
  bool over_budget_ = false;
  bool spoiled_ = false;
};

}  // namespace http
