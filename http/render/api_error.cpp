#include "http/render/api_error.hpp"

#include <httplib.h>

#include "storage/common/url.hpp"

namespace http {

api_error to_api_error(storage::code c) {
  using storage::code;
  switch (c) {
    case code::not_found:
      return not_found_error();
    case code::conflict:
      return {409, "conflict", "the request conflicts with the current state of the resource", {}, 0};
    case code::unavailable:
      return {503, "dependency_unavailable", "a store that this request needs is unavailable", {}, 5};
    case code::timeout:
      return {504, "timeout", "the request's deadline passed before the store answered", {}, 0};
    case code::overloaded:
    case code::retryable:
      return {429, "overloaded", "the service is shedding load; retry shortly", {}, 1};
    case code::invalid:
      return {422, "validation_failed", "the request breaks a rule", {}, 0};
    case code::ok:
    case code::internal:
      break;
  }
  return {500, "internal", "internal error", {}, 0};
}

std::string cause_of(const storage::status& st) { return storage::redact_secrets(st.to_string()); }

api_error not_found_error() {
  return {404, "not_found", "no such resource", {}, 0};
}

api_error bad_request(std::string message) {
  return {400, "bad_request", std::move(message), {}, 0};
}

api_error validation_failed(std::vector<field_problem> details) {
  return {422, "validation_failed", "the request breaks one or more rules", std::move(details), 0};
}

nlohmann::json error_body(const api_error& e, const std::string& request_id) {
  auto details = nlohmann::json::array();
  for (const auto& d : e.details)
    details.push_back({{"field", d.field}, {"problem", d.problem}});
  return {{"error",
           {{"code", e.code}, {"message", e.message}, {"details", details}, {"request_id", request_id}}}};
}

void render_error(httplib::Response& res, const api_error& e) {
  res.status = e.status;
  if (e.retry_after_s > 0)
    res.set_header("Retry-After", std::to_string(e.retry_after_s));
  res.set_content(error_body(e, res.get_header_value("X-Request-Id")).dump(), "application/json");
}

}  // namespace http
