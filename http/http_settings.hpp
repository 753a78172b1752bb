// HTTP front settings. Every key is described in docs/configuration.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace http {

struct http_settings {
  std::string host = "127.0.0.1";
  int port = 8000;
  int threads = 64;                 // connections served at once (one thread each)
  int max_waiting_connections = 512;  // queued for a thread; more get a fast 503
  std::chrono::milliseconds max_connection_wait{1000};  // longer in that queue: 503
  int listen_backlog = 1024;        // cpp-httplib hard-codes 5 otherwise
  bool reuse_port = false;          // SO_REUSEPORT: share the port with another process
  // The edge or balancers in front: their idle keep-alive connections are a bounded pool and
  // are never cut early when other connections wait (cutting one races with its reuse).
  std::vector<std::string> balancer_addresses{"127.0.0.1"};
  int keep_alive_max_count = 1000;
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::seconds header_timeout{5};  // the whole request head
  std::chrono::seconds body_timeout{10};   // the whole body
  std::chrono::seconds write_timeout{5};
  size_t max_body_bytes = 1 << 20;         // larger bodies get 413, whatever their framing
  size_t max_request_line_bytes = 8192;    // longer: 414
  size_t max_header_bytes = 32768;         // the whole head; larger: 431
  size_t max_header_count = 100;           // more header lines: 431
  int max_json_depth = 64;                 // deeper request bodies: 400
  std::chrono::milliseconds request_timeout{5000};  // deadline for the store behind a request
  std::chrono::seconds shutdown_grace{10};          // in-flight requests get this long
};

// Authentication settings (sessions, password hashing); docs/configuration.md, "auth".
struct auth_settings {
  std::chrono::seconds session_ttl{86400};
  std::chrono::seconds session_cache{10};          // a validated token is trusted this long
  std::chrono::seconds stale_if_error{60};         // ... and this long while PostgreSQL fails
  std::chrono::seconds unknown_token_cache{30};    // an unknown token is refused without asking
  size_t max_pending_hashes = 16;                  // Argon2id jobs in flight; more: 429
  size_t max_hashes_per_client = 2;                // of those, per account and per address
  size_t max_concurrent_validations = 4;           // token checks asking PostgreSQL at once
  std::chrono::milliseconds validation_wait{250};  // waiting for one of those; then 429
  // Seals ?cursor= tokens (http/render/cursor.hpp); only from a secret file (config/secrets.hpp),
  // never from JSON. Empty: `serve` reads the key every instance shares from PostgreSQL
  // (cli/startup.hpp, resolve_cursor_key); a process that never sets one (a test) draws a random key.
  std::string cursor_secret;
};

}  // namespace http
