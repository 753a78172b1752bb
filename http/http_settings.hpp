// HTTP front settings. Every key is described in docs/configuration.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace http {

struct http_settings {
  std::string host = "127.0.0.1";
  int port = 8000;
  int threads = 64;                // worker threads; one per concurrent connection
  int listen_backlog = 1024;       // cpp-httplib hard-codes 5 otherwise
  int keep_alive_max_count = 1000;
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413
  std::chrono::milliseconds request_timeout{5000};  // deadline for the store behind a request
  std::chrono::seconds shutdown_grace{10};          // in-flight requests get this long
};

}  // namespace http
