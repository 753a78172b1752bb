#include "http/routes.hpp"

#include <cmath>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "actors/health.hpp"
#include "actors/messages.hpp"
#include "http/api_error.hpp"

namespace http {

namespace {

void render_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

nlohmann::json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json store_json(const actors::store_health& h) {
  const auto& p = h.pool;
  nlohmann::json out = {
      {"status", h.status},
      {"latency_ms", h.latency_ms ? nlohmann::json(std::round(*h.latency_ms * 1000) / 1000) : nlohmann::json(nullptr)},
      {"pool", {{"size", p.size}, {"idle", p.idle}, {"in_use", p.in_use}, {"waiting", p.waiting}, {"max", p.max}}},
      {"state", p.state},
      {"reconnects", p.reconnects},
      {"last_error", optional_json(p.last_error)},
  };
  if (p.next_retry_in_ms)
    out["next_retry_in_ms"] = *p.next_retry_in_ms;
  return out;
}

// The contract's health body. `warn` (degraded but reachable) answers 200 like `pass`, as the
// IETF health-check draft asks; only `fail` is 503.
void render_health(httplib::Response& res, const actors::health_report& r) {
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& [name, h] : r.checks)
    checks[name] = store_json(h);
  nlohmann::json body = {{"status", r.status},
                         {"version", P2P_VERSION},
                         {"uptime_s", std::round(r.uptime_s * 10) / 10},
                         {"checks", checks}};
  if (r.status == "fail")
    res.set_header("Retry-After", "5");
  render_json(res, r.status == "fail" ? 503 : 200, body);
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

  // /health and /health/ready give the same body and status; the aggregator answers within
  // its per-store timeouts even when a store hangs.
  auto health = [&sys, actors](const httplib::Request&, httplib::Response& res) {
    caf::scoped_actor self{sys};
    self->request(actors.health, std::chrono::seconds(2), actors::check_atom::value)
        .receive([&](const actors::health_report& r) { render_health(res, r); },
                 [&](const caf::error& err) { render_error(res, to_api_error(err)); });
  };
  svr.Get("/health", health);
  svr.Get("/health/ready", health);
}

}  // namespace http
