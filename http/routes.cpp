#include "http/routes.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "http/api_error.hpp"

namespace http {

namespace {

void render_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

void register_routes(httplib::Server& svr, caf::actor_system& sys, const http_settings& s,
                     const backend& actors) {
  const auto deadline = s.request_timeout;

  // Liveness goes through the health actor so the request path of the design is exercised,
  // but the actor touches no store.
  svr.Get("/health/live", [&sys, actors, deadline](const httplib::Request&, httplib::Response& res) {
    caf::scoped_actor self{sys};
    self->request(actors.health, deadline, actors::live_atom::value)
        .receive([&](const std::string& st) { render_json(res, 200, {{"status", st}}); },
                 [&](const caf::error& err) { render_error(res, to_api_error(err)); });
  });
}

}  // namespace http
