#include "http/route_table.hpp"

#include <httplib.h>

namespace http {

namespace {

thread_local std::string route_of_request;

}  // namespace

std::string path_regex(const std::string& path_template) {
  std::string out;
  for (size_t i = 0; i < path_template.size(); ++i) {
    char c = path_template[i];
    if (c == '{') {
      auto close = path_template.find('}', i);
      out += "([^/]+)";
      i = close;
    } else if (c == '.' || c == '+' || c == '*' || c == '?' || c == '(' || c == ')' || c == '[' || c == ']' ||
               c == '^' || c == '$' || c == '|' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

void add_routes(httplib::Server& svr, const route_context& ctx, const std::vector<route_spec>& routes) {
  for (const auto& r : routes) {
    auto handler = [&ctx, handle = r.handle, path = r.path](const httplib::Request& req, httplib::Response& res) {
      route_of_request = path;
      exchange ex(ctx, req, res);
      handle(ex);
    };
    const auto pattern = path_regex(r.path);
    if (r.method == "GET")
      svr.Get(pattern, handler);
    else if (r.method == "POST")
      svr.Post(pattern, handler);
    else if (r.method == "PUT")
      svr.Put(pattern, handler);
    else if (r.method == "PATCH")
      svr.Patch(pattern, handler);
    else if (r.method == "DELETE")
      svr.Delete(pattern, handler);
  }
}

const std::string& current_route() { return route_of_request; }
void reset_current_route() { route_of_request.clear(); }

}  // namespace http
