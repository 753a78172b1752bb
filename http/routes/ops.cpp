// Health, metrics and the API description: no authentication.
#include <cmath>

#include "actors/health.hpp"
#include "actors/messages.hpp"
#include "http/routes/openapi.hpp"
#include "http/routes/routes.hpp"

namespace http {

namespace {

// The last error as its cause (connection_refused, auth_failed, timeout, ...), or "unavailable"
// when the driver named none: /health answers anyone, so driver text (hosts, ports, users) stays
// in the log.
nlohmann::json error_class_json(const actors::pool_stats& p) {
  if (!p.last_error)
    return nullptr;
  if (p.last_cause == storage::failure_cause::none)
    return "unavailable";
  return std::string(storage::to_string(p.last_cause));
}

double round_to(double v, double step) { return std::round(v / step) * step; }

nlohmann::json store_json(const actors::store_health& h) {
  const auto& p = h.pool;
  nlohmann::json out = {
      {"status", h.status},
      {"latency_ms", h.latency_ms ? nlohmann::json(round_to(*h.latency_ms, 0.001)) : nlohmann::json(nullptr)},
      {"pool", {{"size", p.size}, {"idle", p.idle}, {"in_use", p.in_use}, {"waiting", p.waiting}, {"max", p.max}}},
      {"state", p.state},
      {"reconnects", p.reconnects},
      {"last_error", error_class_json(p)},
  };
  if (p.next_retry_in_ms)
    out["next_retry_in_ms"] = *p.next_retry_in_ms;
  return out;
}

// The contract's health body. `warn` (degraded but reachable) answers 200 like `pass`, as the
// IETF health-check draft asks; only `fail` is 503.
void health(exchange& ex) {
  auto report = ex.ask<actors::health_report>(ex.ctx().actors.health, actors::check_atom::value);
  if (!report)
    return;
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& [name, h] : report->checks)
    checks[name] = store_json(h);
  nlohmann::json body = {{"status", report->status},
                         {"version", P2P_VERSION},
                         {"uptime_s", round_to(report->uptime_s, 0.1)},
                         {"checks", checks}};
  if (report->status == "fail")
    ex.header("Retry-After", "5");
  ex.reply(report->status == "fail" ? 503 : 200, body);
}

void metrics_text(exchange& ex) {
  std::vector<std::pair<std::string, actors::pool_stats>> pools;
  for (auto [name, pool] : {std::pair{"postgres", ex.ctx().actors.pg_pool}, std::pair{"mongodb", ex.ctx().actors.mongo_pool}}) {
    if (!pool)
      continue;
    if (auto stats = ex.ask<actors::pool_stats>(pool, actors::stats_atom::value))
      pools.emplace_back(name, *stats);
    else
      return;
  }
  const auto& c = ex.ctx().connections;
  std::string text = ex.ctx().metrics.render(pools);
  text += "# HELP p2p_http_connections Connections being served (busy) and queued for a thread (waiting).\n"
          "# TYPE p2p_http_connections gauge\n";
  text += "p2p_http_connections{state=\"busy\"} " + std::to_string(c.busy.load()) + "\n";
  text += "p2p_http_connections{state=\"waiting\"} " + std::to_string(c.waiting.load()) + "\n";
  text += "# HELP p2p_http_refused_total Connections answered 503 at admission, and requests refused before parsing.\n"
          "# TYPE p2p_http_refused_total counter\n";
  text += "p2p_http_refused_total{stage=\"connection\"} " + std::to_string(c.refused.load()) + "\n";
  text += "p2p_http_refused_total{stage=\"head\"} " + std::to_string(c.refused_heads.load()) + "\n";
  ex.text(200, text, "text/plain; version=0.0.4");
}

}  // namespace

std::vector<route_spec> ops_routes() {
  return {
      {"GET", "/health/live", "liveness: the process serves requests; touches no store", "none",
       [](exchange& ex) {
         // Through the health actor, so the request path of the design is exercised.
         if (auto st = ex.ask<std::string>(ex.ctx().actors.health, actors::live_atom::value))
           ex.reply(200, {{"status", *st}});
       }},
      {"GET", "/health/ready", "readiness: 200 unless a store fails; same body as /health", "none", health},
      {"GET", "/health", "health of both stores with pool gauges; answers within 2 s", "none", health},
      {"GET", "/metrics", "Prometheus text: requests, latency, pools, store errors", "none", metrics_text},
      {"GET", "/openapi.json", "this API's OpenAPI 3 description", "none",
       [](exchange& ex) { ex.reply(200, openapi_document(api_routes())); }},
  };
}

}  // namespace http
