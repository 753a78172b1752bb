// PostgreSQL pool settings. Every key is described in docs/configuration.md and parsed (with
// unknown keys rejected) in config/settings.cpp.
#pragma once

#include <chrono>
#include <string>

#include "storage/backoff.hpp"

namespace storage {

struct pg_settings {
  std::string url = "postgresql://p2p_user:iiot123@127.0.0.1:5432/p2p_sandbox";
  int pool_size = 20;     // base connections kept open
  int max_overflow = 40;  // extra connections under load, closed again when idle
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
};

}  // namespace storage
