// The route table: every endpoint is declared once, as a route_spec, and from that one list
// come the cpp-httplib registration, the route label of metrics and access logs, and the
// OpenAPI document (so the document cannot drift from what the server serves).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/routes/exchange.hpp"

namespace httplib {
class Server;
}

namespace http {

struct route_spec {
  std::string method;   // GET | POST | PUT | PATCH | DELETE
  std::string path;     // a template: /api/v1/users/{id}; {name} matches one path segment
  std::string summary;  // one line for the OpenAPI document
  std::string auth;     // who may call it: "none", "any user", "admin", "self or admin", ...
  std::function<void(exchange&)> handle;
  int success_status = 200;  // documented success status
};

// The regular expression cpp-httplib matches for a template.
std::string path_regex(const std::string& path_template);

// Registers every route; each handler runs inside an exchange, and the route's template is
// recorded in the request scope for the access log and metrics (request_scope.hpp).
void add_routes(httplib::Server& svr, const route_context& ctx, const std::vector<route_spec>& routes);

// Answers a request that no route's method and path matched: OPTIONS on a declared path is 204
// with Allow; any other method on a declared path is 405 with Allow (the declared methods, HEAD
// with GET, and OPTIONS, in alphabetical order); an undeclared path is 404. add_routes calls it
// last.
void add_method_fallbacks(httplib::Server& svr, const std::vector<route_spec>& routes);

}  // namespace http
