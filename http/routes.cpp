#include "http/routes.hpp"

namespace http {

std::vector<route_spec> api_routes() {
  std::vector<route_spec> all;
  for (auto part : {ops_routes()})
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  return all;
}

void register_routes(httplib::Server& svr, const route_context& ctx) { add_routes(svr, ctx, api_routes()); }

}  // namespace http
