// PostgreSQL pool settings. Every key is described in docs/configuration.md and parsed (with
// unknown keys rejected) in config/settings.cpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "storage/common/backoff.hpp"

namespace storage {

// `per_core` times the CPU cores, within [floor, cap]: pool defaults follow the machine. The
// origin's fixed 20 + 40 put 60 backends and 60 worker threads behind 2 CPUs and wrecked the
// tail (user GET p99 973 ms against 8.7 ms with 4 connections; docs/benchmarks.md).
inline int per_cpu(int per_core, int floor, int cap) {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(per_core * static_cast<int>(cores == 0 ? 2 : cores), floor, cap);
}

// What sits between the service and PostgreSQL (docs/deployment.md, "PgBouncer").
//   none         a direct connection, or a pooler in session mode: named prepared statements
//                and session settings are safe
//   transaction  a pooler in transaction mode (PgBouncer 1.18): every statement is unnamed,
//                statement_timeout is set per transaction, no session state on pooled connections
//   automatic    decided at startup: a proxy is detected when the server sees another client port
//                than the service's own socket has (then `transaction`, always safe)
enum class pg_pooler { none, transaction, automatic };

struct pg_settings {
  std::string url = "postgresql://p2p_user:iiot123@127.0.0.1:5432/p2p_sandbox";
  // A direct (non-pooled) connection for what needs session state: migrations (advisory lock)
  // and the revocation listener (LISTEN). Empty: `url`.
  std::string direct_url;
  pg_pooler pooler = pg_pooler::automatic;
  int instances = 1;            // service instances that share this database (connection budget)
  int pooler_client_limit = 0;  // the pooler's max_client_conn; 0: not checked
  int pool_size = per_cpu(2, 4, 20);     // base connections kept open
  int max_overflow = per_cpu(2, 4, 40);  // extra connections under load, closed again when idle
  int max_queue = 200;    // requests waiting for a connection; one more is `overloaded`
  std::chrono::milliseconds acquire_timeout{2000};  // wait in the queue at most this long
  bool pre_ping = true;                            // validate a connection idle past...
  std::chrono::milliseconds pre_ping_idle{1000};   // ...this long before reuse
  std::chrono::seconds recycle{3600};              // maximum connection lifetime...
  double recycle_jitter = 0.1;                     // ...shortened by up to this fraction
  std::chrono::seconds overflow_idle{30};          // overflow connections idle this long close
  int max_connecting = 4;                          // connections being opened at once
  std::chrono::milliseconds connect_timeout{3000};
  bool migrate_on_start = true;
  retry_settings retry;

  const std::string& direct() const { return direct_url.empty() ? url : direct_url; }
};

}  // namespace storage
