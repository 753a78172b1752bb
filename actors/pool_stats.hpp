// What a pool reports: gauges, counters and its link state. Sent locally only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "storage/common/status.hpp"

namespace actors {

struct pool_stats {
  // gauges
  int size = 0;        // open connections (idle + in use)
  int idle = 0;
  int in_use = 0;
  int waiting = 0;     // requests queued for a connection
  int connecting = 0;  // connections being opened
  int max = 0;         // the most connections the pool may open
  // counters since start
  uint64_t acquired = 0;
  uint64_t timeouts = 0;    // requests that waited past their acquire timeout
  uint64_t overloaded = 0;  // requests refused because the queue was full
  uint64_t reconnects = 0;  // connection attempts after a failure or a broken connection
  uint64_t broken = 0;      // connections found dead (on use, validation or check)
  uint64_t errors = 0;      // store errors reported by requests (all kinds)
  std::map<std::string, uint64_t> errors_by_kind;  // storage::code name -> count

  // Counts a finished request's code as a store error, unless it is success or an answer a
  // client causes (not_found, conflict, invalid).
  void count_outcome(storage::code c) {
    if (c == storage::code::ok || c == storage::code::not_found || c == storage::code::conflict ||
        c == storage::code::invalid)
      return;
    ++errors;
    ++errors_by_kind[std::string(storage::to_string(c))];
  }

  // link state
  std::string state = "up";  // up | reconnecting | down
  std::optional<std::string> last_error;  // for the log: driver text
  storage::failure_cause last_cause = storage::failure_cause::none;  // what GET /health shows
  std::optional<long long> next_retry_in_ms;
};

// One store's health: the pool's stats plus a live round trip.
struct store_health {
  std::string status = "fail";  // pass | warn | fail
  std::optional<double> latency_ms;
  pool_stats pool;
};

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::pool_stats)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::store_health)
