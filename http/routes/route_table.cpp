#include "http/routes/route_table.hpp"

#include <algorithm>
#include <memory>
#include <regex>
#include <set>

#include <httplib.h>

#include "http/transport/request_scope.hpp"

namespace http {

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
      current_request().route = path;
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
  add_method_fallbacks(svr, routes);
}

void add_method_fallbacks(httplib::Server& svr, const std::vector<route_spec>& routes) {
  // Registered after every route, so a declared method always wins. cpp-httplib has read the
  // body of a POST, PUT, PATCH or DELETE before it gets here.
  struct compiled {
    std::regex pattern;
    std::string method;
  };
  auto table = std::make_shared<std::vector<compiled>>();
  for (const auto& r : routes)
    table->push_back({std::regex(path_regex(r.path)), r.method});
  auto fallback = [table](const httplib::Request& req, httplib::Response& res) {
    std::set<std::string> methods;
    for (const auto& c : *table) {
      if (!std::regex_match(req.path, c.pattern))
        continue;
      methods.insert(c.method);
      if (c.method == "GET")
        methods.insert("HEAD");
    }
    if (methods.empty()) {
      res.status = 404;  // the error handler renders not_found
      return;
    }
    methods.insert("OPTIONS");
    std::string allow;
    for (const auto& m : methods)
      allow += (allow.empty() ? "" : ", ") + m;
    res.set_header("Allow", allow);
    res.status = req.method == "OPTIONS" ? 204 : 405;  // 405: the error handler renders method_not_allowed
  };
  const std::string any = ".*";
  svr.Get(any, fallback);  // GET and HEAD
  svr.Post(any, fallback);
  svr.Put(any, fallback);
  svr.Patch(any, fallback);
  svr.Delete(any, fallback);
  svr.Options(any, fallback);
}

}  // namespace http
