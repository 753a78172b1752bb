// A private edge for a test: the repository's nginx configuration (config/edge/) rendered by
// scripts/edge-config into a temporary folder, in front of the given service ports, and nginx
// run in the foreground as a child process. Its access log is readable. The stack's own edge
// (scripts/stack) is not touched.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace test_env {

struct edge_options {
  std::vector<std::string> extra_args;  // more scripts/edge-config options (limits)
  // A certificate chain and its key (PEM files): the edge then also serves HTTPS on tls_port(),
  // and its plain port() redirects there (scripts/edge-config --tls-cert; docs/edge.md, "TLS").
  std::string tls_cert, tls_key;
};

class edge_process {
public:
  edge_process() = default;
  ~edge_process();
  edge_process(const edge_process&) = delete;
  edge_process& operator=(const edge_process&) = delete;

  // Renders and starts an edge on a free port for `upstream_ports` (another port when that one
  // was taken before nginx bound it; started once the nginx master holds the listening socket);
  // 127.0.0.1 is trusted (not rate limited), other loopback addresses are clients like any
  // other. False on failure, with the reason in `error`.
  bool start(const std::vector<int>& upstream_ports, std::string& error, const edge_options& o = {});
  void stop();

  int port() const { return port_; }
  int tls_port() const { return tls_port_; }  // 0 without TLS
  pid_t pid() const { return pid_; }
  std::string access_log() const;
  std::string error_log() const;

private:
  std::string dir_;
  int port_ = 0;
  int tls_port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace test_env
