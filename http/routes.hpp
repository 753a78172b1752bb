// Every route of the API, by area; each list is built in its own routes_*.cpp.
#pragma once

#include <vector>

#include "http/route_table.hpp"

namespace http {

std::vector<route_spec> ops_routes();       // health, metrics, OpenAPI (routes_ops.cpp)

// All of the above, in registration order: what the server serves and OpenAPI describes.
std::vector<route_spec> api_routes();

void register_routes(httplib::Server& svr, const route_context& ctx);

}  // namespace http
