// Every route of the API, by resource; each list is built in its own file of http/routes/.
#pragma once

#include <vector>

#include "http/routes/route_table.hpp"

namespace http {

std::vector<route_spec> ops_routes();       // health, metrics, OpenAPI (ops.cpp)
std::vector<route_spec> user_routes();      // users and their sessions list (users.cpp)
std::vector<route_spec> session_routes();   // login, current session, logout (sessions.cpp)
std::vector<route_spec> config_routes();    // system configuration (configs.cpp)
std::vector<route_spec> profile_routes();   // user profiles (profiles.cpp)
std::vector<route_spec> forum_routes();     // posts, replies, upvotes, best answers (forum.cpp)
std::vector<route_spec> use_case_routes();  // use cases, near search (use_cases.cpp)

// All of the above, in registration order: what the server serves and OpenAPI describes.
std::vector<route_spec> api_routes();

void register_routes(httplib::Server& svr, const route_context& ctx);

}  // namespace http
