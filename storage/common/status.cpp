#include "storage/common/status.hpp"

namespace storage {

std::string_view to_string(code c) {
  switch (c) {
    case code::ok: return "ok";
    case code::not_found: return "not_found";
    case code::conflict: return "conflict";
    case code::unavailable: return "unavailable";
    case code::timeout: return "timeout";
    case code::overloaded: return "overloaded";
    case code::invalid: return "invalid";
    case code::retryable: return "retryable";
    case code::internal: return "internal";
  }
  return "internal";
}

std::string_view to_string(failure_cause c) {
  switch (c) {
    case failure_cause::none: return "none";
    case failure_cause::connection_refused: return "connection_refused";
    case failure_cause::auth_failed: return "auth_failed";
    case failure_cause::timeout: return "timeout";
    case failure_cause::dns: return "dns";
    case failure_cause::connection_lost: return "connection_lost";
    case failure_cause::server_unavailable: return "server_unavailable";
  }
  return "none";
}

std::string status::to_string() const {
  if (is_ok())
    return "ok";
  std::string out(storage::to_string(code_));
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }
  return out;
}

}  // namespace storage
