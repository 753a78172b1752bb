// What a pool's worker reports after a job: the store's status and the state of its link.
#pragma once

#include <string>

#include <caf/allowed_unsafe_message_type.hpp>

#include "storage/status.hpp"

namespace actors {

struct worker_outcome {
  storage::code code = storage::code::ok;
  std::string message;
  bool broken = false;       // the connection is dead: retire this worker (PostgreSQL)
  bool reconnected = false;  // the worker replaced its connection while serving (PostgreSQL)
  int backend_pid = 0;       // PostgreSQL backend of the connection, 0 when none
  double latency_ms = 0;     // how long the job took on the store
};

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::worker_outcome)
