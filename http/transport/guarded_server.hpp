// cpp-httplib's Server with the defences a directly exposed process needs (docs/edge.md, "Without
// the edge"). cpp-httplib 0.11.4 serves one connection per thread and trusts its clients; this
// subclass replaces its per-connection loop (process_and_close_socket, virtual) with one that:
//
// - admits at most `threads` connections at once and a short queue; the rest get a fast 503
//   with Retry-After (admission_queue, connection_refuser);
// - reads each request head whole, within a deadline and the head limits, before cpp-httplib
//   parses it: too long a request line is 414, too many or too large headers 431, a declared
//   body over the limit 413, a Content-Encoding 415, smuggling-prone framing 400 (bare LF or
//   CR, controls, ambiguous lengths), a method it does not serve 501; Range is dropped
//   (connection_stream, request_head);
// - never parses bytes of a body as a request: when a body was not read to its proven end (a
//   body on GET, HEAD or OPTIONS, which cpp-httplib leaves unread; a chunked body; an answer
//   given before the body was read) the answer says Connection: close and the connection ends;
// - bounds every body by bytes and time whatever its framing (chunked over the limit: 413); a
//   request with neither Content-Length nor chunked framing has no body (RFC 9112, 6.3);
// - gives an idle or slow client's thread up early while other connections wait;
// - binds without SO_REUSEPORT unless asked, so a second server on a taken port fails.
//
// The transport knows nothing of the API: the body of the refusals it answers itself is the
// owner's (refusal_renderer), and what it knows of each request goes into the thread's
// request scope (request_scope.hpp). It links cpp-httplib only.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <httplib.h>

#include "http/transport/admission_queue.hpp"
#include "http/transport/connection_refuser.hpp"
#include "http/transport/connection_stream.hpp"
#include "http/transport/request_head.hpp"

namespace http {

struct connection_limits {
  head_limits head;
  connection_stream::timeouts timeouts;
  size_t threads = 64;
  size_t max_waiting = 64;                        // connections queued for a thread
  std::chrono::milliseconds max_wait{1000};       // longer in the queue: refused
  std::chrono::milliseconds first_request{5000};  // a new connection's first byte
  std::chrono::milliseconds idle_grace{100};      // a new, silent connection under pressure
  // A keep-alive connection between requests under pressure. Not zero: a balancer's pooled
  // connection that is about to carry the next request must not be cut under it (the balancer
  // would see a reset and, for a POST, could not retry); one idle this long is truly idle.
  std::chrono::milliseconds keep_alive_grace{200};
  bool reuse_port = false;
  // Peers whose connections are a balancer's keep-alive pool: never cut early for pressure.
  std::vector<std::string> balancers;
};

// The body of an answer the transport gives before cpp-httplib parses the request (a refused
// head, a connection refused for want of a place), and its Content-Type. Given by the owner
// (the API's error shape); must not throw.
struct refusal_body {
  std::string content_type;
  std::string body;
};
using refusal_renderer = std::function<refusal_body(int status, const char* code, const char* message,
                                                    const std::string& request_id, int retry_after_s)>;

class guarded_server : public httplib::Server {
public:
  // `admission` counts this server's connections (the owner exports it as metrics); `render`
  // makes the bodies of the refusals answered on the raw connection.
  guarded_server(connection_limits limits, admission_state& admission, refusal_renderer render);

  // cpp-httplib 0.11.4 hard-codes a listen backlog of 5; call after binding.
  bool set_backlog(int backlog);

  // Called on every answer cpp-httplib writes, just before its head goes out (the owner adds
  // its own headers there). Takes the place of cpp-httplib's post-routing handler, which this
  // class uses to mark the answers after which the connection ends.
  using answer_hook = std::function<void(const httplib::Request&, httplib::Response&)>;
  void on_answer(answer_hook hook) { answer_hook_ = std::move(hook); }

private:
  bool process_and_close_socket(socket_t sock) override;
  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }
  // Answers a refused head on the connection itself.
  void answer_refusal(connection_stream& strm, const head_refusal& refusal);
  // A whole HTTP/1.1 response with the renderer's body, with Connection: close.
  std::string raw_refusal(int status, const char* code, const char* message, const std::string& request_id,
                          int retry_after_s = 0) const;

  connection_limits limits_;
  admission_state& admission_;
  connection_refuser refuser_;
  refusal_renderer render_;
  answer_hook answer_hook_;
};

}  // namespace http
