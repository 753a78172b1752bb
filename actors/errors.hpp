// The one conversion from storage::status to caf::error and back. Category atom "store"; the
// code is storage::code's value, and the message text and the failure cause travel as the
// error's context. http/render/api_error.cpp turns the status into an HTTP answer: those are the two
// places errors change form.
#pragma once

#include <caf/all.hpp>

#include "storage/common/status.hpp"

namespace actors {

inline constexpr caf::atom_value store_category = caf::atom("store");

caf::error to_error(const storage::status& st);

// The storage code an error stands for: store errors map back one to one; CAF's own
// request_timeout is `timeout`, a dead or missing receiver is `unavailable`, anything else is
// `internal`.
storage::code code_of(const caf::error& err);

// The human-readable text carried by a store error ("" for other errors).
std::string message_of(const caf::error& err);

// The whole status an error stands for: a store error's code, message and cause exactly; CAF's
// own errors as code_of says, with "no answer in time" (request_timeout), "the actor is gone"
// (receiver down) or CAF's text as the message.
storage::status status_of(const caf::error& err);

// Answers a pool request: ok_atom for a good status, else the status as an error.
void deliver_status(caf::response_promise& rp, const storage::status& st);

// Registers the "store" category so errors print readably.
void register_error_category(caf::actor_system_config& cfg);

}  // namespace actors
