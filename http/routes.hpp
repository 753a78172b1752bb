// Every route of the API, by area; each list is built in its own routes_*.cpp.
#pragma once

#include <vector>

#include "http/route_table.hpp"

namespace http {

std::vector<route_spec> ops_routes();       // health, metrics, OpenAPI (routes_ops.cpp)
std::vector<route_spec> user_routes();      // users and their sessions list (routes_users.cpp)
std::vector<route_spec> session_routes();   // login, current session, logout (routes_sessions.cpp)
std::vector<route_spec> config_routes();    // system configuration (routes_configs.cpp)
std::vector<route_spec> profile_routes();   // user profiles (routes_profiles.cpp)
std::vector<route_spec> forum_routes();     // posts, replies, upvotes, best answers (routes_forum.cpp)
std::vector<route_spec> use_case_routes();  // use cases, near search (routes_use_cases.cpp)

// All of the above, in registration order: what the server serves and OpenAPI describes.
std::vector<route_spec> api_routes();

void register_routes(httplib::Server& svr, const route_context& ctx);

}  // namespace http
