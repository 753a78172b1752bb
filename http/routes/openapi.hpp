// The OpenAPI 3 document, derived from the route table so that it lists exactly the routes
// the server registers.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "http/routes/route_table.hpp"

namespace http {

nlohmann::json openapi_document(const std::vector<route_spec>& routes);

}  // namespace http
