// Route registration: each group of routes in its own file, all registered here.
#pragma once

#include <caf/all.hpp>

#include "http/http_settings.hpp"
#include "http/server.hpp"

namespace httplib {
class Server;
}

namespace http {

void register_routes(httplib::Server& svr, caf::actor_system& sys, const http_settings& s,
                     const backend& actors);

}  // namespace http
