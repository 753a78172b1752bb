// A client of the service's own HTTP front, for the supervision threads (app/watchdog.hpp): one
// fresh loopback connection per probe, so a probe goes through everything a client's request
// does (accept, admission, an HTTP thread, routing, an actor), with a deadline.
// Thread-safe: a probe is immutable after construction.
#pragma once

#include <chrono>
#include <string>

namespace app {

struct probe_result {
  int status = 0;      // the HTTP status, 0 when no answer came
  std::string body;
  std::string error;   // why no answer came (connection, timeout, ...)

  bool ok() const { return status == 200; }
  // "200", "503", or the error ("timeout").
  std::string outcome() const;
};

class front_probe {
public:
  // `host` is the front's listen address; a wildcard (0.0.0.0, ::) is probed on loopback.
  front_probe(const std::string& host, int port);

  // GET `path`; connecting and reading each get half of `timeout`.
  probe_result get(const std::string& path, std::chrono::milliseconds timeout) const;

private:
  std::string host_;
  int port_;
};

// What a person needs from a /health answer, for STATUS=: "postgres up; mongodb reconnecting".
// A store that passes is "up"; otherwise its pool's link state (reconnecting, down) or, with
// the link up, its check's status (warn, fail). No answer: "health check: <outcome>".
std::string health_summary(const probe_result& health);

}  // namespace app
