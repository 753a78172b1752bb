#include "http/routes/openapi.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace http {

namespace {

using nlohmann::json;

json error_schema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"required", {"code", "message", "details", "request_id"}},
              {"properties",
               {{"code", {{"type", "string"}}},
                {"message", {{"type", "string"}}},
                {"details",
                 {{"type", "array"},
                  {"items",
                   {{"type", "object"},
                    {"properties", {{"field", {{"type", "string"}}}, {"problem", {{"type", "string"}}}}}}}}},
                {"request_id", {{"type", "string"}}}}}}}}}};
}

json operation(const route_spec& r) {
  std::string method = r.method;
  std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
  json op = {{"summary", r.summary},
             {"description", "Who may call it: " + r.auth + "."},
             {"operationId", method + std::regex_replace(r.path, std::regex("[^A-Za-z0-9]+"), "_")}};
  json params = json::array();
  static const std::regex param("\\{([a-z_]+)\\}");
  for (std::sregex_iterator it(r.path.begin(), r.path.end(), param), end; it != end; ++it)
    params.push_back({{"name", (*it)[1].str()}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  if (!params.empty())
    op["parameters"] = params;
  if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH")
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  if (r.auth != "none")
    op["security"] = json::array({{{"bearer", json::array()}}});
  const std::string ok = std::to_string(r.success_status);
  json responses = json::object();
  if (r.success_status == 204)
    responses[ok] = {{"description", "done"}};
  else
    responses[ok] = {{"description", "success"}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  responses["default"] = {{"description", "an error in the contract's shape"},
                          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  op["responses"] = responses;
  return op;
}

}  // namespace

nlohmann::json openapi_document(const std::vector<route_spec>& routes) {
  json paths = json::object();
  for (const auto& r : routes) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    paths[r.path][method] = operation(r);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "p2p-backend"},
            {"version", P2P_VERSION},
            {"description", "The data backend of the P2P Sandbox. Errors always have the shape of "
                            "components.schemas.Error; lists use keyset pagination with opaque cursors."}}},
          {"paths", paths},
          {"components",
           {{"schemas", {{"Error", error_schema()}}},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace http
