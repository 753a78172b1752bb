// A store failure reduced to a coarse class that is safe to show anyone (GET /health has no
// authentication): never a host, port, user or driver text, which go to the log only.
// Pure.
#pragma once

#include <string_view>

namespace storage {

// One of: connection_refused, auth_failed, timeout, dns, connection_lost, server_unavailable,
// unavailable (anything else). The input is a driver's message: libpq reports connection
// failures as text only (no SQLSTATE reaches the client before a session exists), so both
// drivers' messages are read here, in one place.
std::string_view failure_class(std::string_view driver_message);

}  // namespace storage
