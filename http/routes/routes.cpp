#include "http/routes/routes.hpp"

namespace http {

std::vector<route_spec> api_routes() {
  std::vector<route_spec> all;
  for (auto part : {ops_routes(), user_routes(), session_routes(), config_routes(), profile_routes(),
                    forum_routes(), use_case_routes()})
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  return all;
}

void register_routes(httplib::Server& svr, const route_context& ctx) { add_routes(svr, ctx, api_routes()); }

}  // namespace http
