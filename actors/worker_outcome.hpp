// What a pool's worker reports after a job: the store's status and the state of its link.
#pragma once

#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "storage/common/status.hpp"

namespace actors {

struct worker_outcome {
  storage::code code = storage::code::ok;
  std::string message;
  storage::failure_cause cause = storage::failure_cause::none;
  bool broken = false;       // the connection is dead: retire this worker (PostgreSQL)
  bool reconnected = false;  // the worker replaced its connection while serving (PostgreSQL)
  int backend_pid = 0;       // PostgreSQL backend of the connection, 0 when none
  double latency_ms = 0;     // how long the job took on the store
  bool late = false;         // it succeeded after its budget: its caller had given up (504)

  // The code the pool's error counters book: a late success counts as a timeout, since the
  // store answered after the request's deadline (its caller got 504, the answer went nowhere).
  storage::status status() const { return {code, message, cause}; }

  storage::code counted_code() const { return late && code == storage::code::ok ? storage::code::timeout : code; }
};

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::worker_outcome)
