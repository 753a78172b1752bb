// The per-request scope: the one channel between the layers of http/ for what belongs to the
// request being served (docs/architecture.md, "The request scope"). cpp-httplib serves one
// connection per thread and hands its handlers no per-request user data, so the scope is the
// serving thread's own: the transport fills it (the admission queue marks a refused connection;
// guarded_server sets the connection and starts each request it reads), the routes add the
// route template, and the server's error handler and access logger read it. Reached through
// current_request() alone; valid on the thread serving the request, never shared between threads.
#pragma once

#include <chrono>
#include <string>

namespace http {

class connection_stream;

struct request_scope {
  // The connection found no place (admission_queue): it gets a fast 503 and no request is read.
  bool refused = false;
  // The connection the thread serves; null outside guarded_server's connection loop.
  const connection_stream* connection = nullptr;
  // When the request began (its head was read): the access log's and the metrics' duration.
  std::chrono::steady_clock::time_point started{};
  // The template of the route answering it (set by the route table); "" when no route matched,
  // e.g. a 404 or a 413 before routing.
  std::string route;

  // Starts the next request on the connection (the transport calls it for each request).
  void begin_request() {
    started = std::chrono::steady_clock::now();
    route.clear();
  }
  // The answer must end the connection: the body was not read to its proven end, or a read failed.
  bool must_close() const;
  // A body read failed for going over its budget: the answer is a 413, not cpp-httplib's 400.
  bool over_budget() const;
};

// The scope of the request the calling thread serves.
request_scope& current_request();

}  // namespace http
