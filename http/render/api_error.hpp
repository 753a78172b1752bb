// The contract's error shape and the one mapping from errors to HTTP statuses.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/common/status.hpp"

namespace httplib {
struct Response;
}

namespace http {

struct field_problem {
  std::string field;
  std::string problem;
};

struct api_error {
  int status = 500;
  std::string code = "internal";  // the contract's machine-readable code
  std::string message;
  std::vector<field_problem> details;
  int retry_after_s = 0;  // sets Retry-After when > 0
};

// The one function that turns a status (an actor's error, converted by actors::status_of) into
// the contract's HTTP error. Store messages never reach the client (they may name hosts or SQL);
// each code gets a fixed message.
api_error to_api_error(storage::code c);
inline api_error to_api_error(const storage::status& st) { return to_api_error(st.error_code()); }

// What a status says went wrong, for the log only (never rendered): its code and the store's
// message, secrets redacted.
std::string cause_of(const storage::status& st);

api_error not_found_error();
api_error bad_request(std::string message);
api_error validation_failed(std::vector<field_problem> details);

// {"error": {"code", "message", "details", "request_id"}}
nlohmann::json error_body(const api_error& e, const std::string& request_id);

// Sets status, body, Content-Type and Retry-After on `res`; the request id is read from the
// X-Request-Id header already set on `res`.
void render_error(httplib::Response& res, const api_error& e);

}  // namespace http
