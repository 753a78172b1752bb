#include "http/server.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sys/socket.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "http/auth/session_cache.hpp"
#include "http/render/api_error.hpp"
#include "http/routes/exchange.hpp"
#include "http/routes/metrics.hpp"
#include "http/routes/routes.hpp"
#include "http/transport/guarded_server.hpp"
#include "http/transport/log_text.hpp"
#include "http/transport/request_gate.hpp"
#include "http/transport/request_id.hpp"
#include "http/transport/request_scope.hpp"

namespace http {

namespace {

using clock = std::chrono::steady_clock;

connection_limits limits_of(const http_settings& s) {
  connection_limits l;
  l.head.max_request_line = s.max_request_line_bytes;
  l.head.max_head_bytes = s.max_header_bytes;
  l.head.max_header_count = s.max_header_count;
  l.head.max_body_bytes = s.max_body_bytes;
  l.timeouts.header = s.header_timeout;
  l.timeouts.body = s.body_timeout;
  l.timeouts.write = s.write_timeout;
  l.threads = static_cast<size_t>(s.threads);
  l.max_waiting = static_cast<size_t>(s.max_waiting_connections);
  l.max_wait = s.max_connection_wait;
  l.first_request = s.header_timeout;
  l.reuse_port = s.reuse_port;
  l.balancers = s.balancer_addresses;
  return l;
}

session_cache_settings cache_settings_of(const auth_settings& a) {
  session_cache_settings c;
  c.fresh_for = a.session_cache;
  c.stale_for = a.stale_if_error;
  c.unknown_for = a.unknown_token_cache;
  return c;
}

// The answer to an error cpp-httplib raised itself (no handler ran), in the contract's shape.
api_error library_error(int status) {
  switch (status) {
    case 404: return not_found_error();
    case 405: return {405, "method_not_allowed", "the method is not allowed here", {}, 0};
    case 413: return {413, "payload_too_large", "the body is over the limit", {}, 0};
    case 414: return {414, "uri_too_long", "the request line is over the limit", {}, 0};
    case 416: return {416, "range_not_satisfiable", "ranges are not served", {}, 0};
    case 431: return {431, "headers_too_large", "the request headers are over the limit", {}, 0};
    case 400: return bad_request("the request could not be parsed");
    default: return {status, "internal", "internal error", {}, 0};
  }
}

// The body of a refusal the transport answers on the raw connection: the contract's error.
refusal_body render_refusal(int status, const char* code, const char* message, const std::string& request_id,
                            int retry_after_s) {
  return {"application/json", error_body({status, code, message, {}, retry_after_s}, request_id).dump()};
}

}  // namespace

class server::impl {
public:
  impl(caf::actor_system& sys, http_settings s, backend b, auth_settings auth, std::shared_ptr<request_gate> gate)
      : settings_(s),
        gate_(std::move(gate)),
        sessions_(cache_settings_of(auth)),
        validations_(auth.max_concurrent_validations),
        ctx_{sys, std::move(s), std::move(b), cursor_codec(configured_cursor_key(auth.cursor_secret)), metrics_, sessions_, auth, logins_,
             validations_, admission_} {}

  void configure() {
    auto& svr = svr_;
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(static_cast<size_t>(settings_.keep_alive_max_count));
    svr.set_keep_alive_timeout(settings_.keep_alive_timeout.count());
    svr.set_payload_max_length(settings_.max_body_bytes);

    auto prepare = [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Request-Id", choose_request_id(req.get_header_value("X-Request-Id")));
      return httplib::Server::HandlerResponse::Unhandled;
    };
    if (gate_)  // the tests' seam (http/transport/request_gate.hpp); production has no gate and no check
      svr.set_pre_routing_handler([gate = gate_, prepare](const httplib::Request& req, httplib::Response& res) {
        gate->pass();
        return prepare(req, res);
      });
    else
      svr.set_pre_routing_handler(prepare);
    // Runs for every status >= 400, including ones a handler set: only fill an empty body.
    svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.has_header("X-Request-Id"))
        res.set_header("X-Request-Id", choose_request_id(req.get_header_value("X-Request-Id")));
      // A chunked body that went past its budget fails cpp-httplib's read: that is a 413.
      if (res.status == 400 && current_request().over_budget()) {
        res.status = 413;
        res.body.clear();
      }
      if (!res.body.empty())
        return;
      const auto e = library_error(res.status);
      if (e.status >= 500)
        spdlog::error("request_id={} status={} cause=\"the HTTP library answered {} for {} {}\"",
                      res.get_header_value("X-Request-Id"), res.status, res.status, req.method, log_text(req.target));
      render_error(res, e);
    });
    // Without this cpp-httplib leaks e.what() in a response header.
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string why = "a non-standard exception";
      try {
        if (ep)
          std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        why = e.what();
      } catch (...) {
      }
      spdlog::error("request_id={} status=500 route={} cause=\"unhandled exception in the handler: {}\"",
                    res.get_header_value("X-Request-Id"), current_request().route, log_text(why));
      res.headers.erase("EXCEPTION_WHAT");
      res.body.clear();
      render_error(res, {500, "internal", "internal error", {}, 0});
    });
    svr.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      const auto& scope = current_request();
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - scope.started);
      metrics_.observe(scope.route, req.method, res.status, static_cast<double>(us.count()) / 1e6);
      // The raw target (never the decoded path: %0A must not start a new line). The service's
      // own health probes (app/watchdog.hpp), every few seconds, only at debug level.
      const bool own_probe = req.get_header_value("User-Agent") == supervision_probe_agent &&
                             (req.path == "/health/live" || req.path == "/health/ready" || req.path == "/health");
      spdlog::log(own_probe ? spdlog::level::debug : spdlog::level::info,
                  "access method={} target={} status={} duration_ms={:.3f} request_id={}", log_text(req.method),
                  log_text(req.target), res.status, static_cast<double>(us.count()) / 1000.0,
                  res.get_header_value("X-Request-Id"));
    });
    // On every answer, errors too: no content sniffing; nothing stored by a cache (answers
    // carry tokens, sessions and personal data; the OpenAPI document is the one exception).
    svr.on_answer([](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      if (req.path != "/openapi.json")
        res.set_header("Cache-Control", "no-store");
    });
    register_routes(svr, ctx_);
  }

  bool bind(std::string& error, int& port) {
    configure();
    if (settings_.port == 0) {
      port = svr_.bind_to_any_port(settings_.host);
      if (port <= 0) {
        error = "cannot bind " + settings_.host + " to any port";
        return false;
      }
    } else if (!svr_.bind_to_port(settings_.host, settings_.port)) {
      error = "cannot bind " + settings_.host + ":" + std::to_string(settings_.port) + " (" + std::strerror(errno) +
              (settings_.reuse_port ? ")" : "; another process may serve it: stop it, or set http.reuse_port to share it)");
      return false;
    } else {
      port = settings_.port;
    }
    if (!svr_.set_backlog(settings_.listen_backlog))
      spdlog::warn("could not raise the listen backlog to {}", settings_.listen_backlog);
    return true;
  }

  void run() { svr_.listen_after_bind(); }
  void stop() { svr_.stop(); }
  http::session_cache& sessions() { return sessions_; }

private:
  http_settings settings_;
  std::shared_ptr<request_gate> gate_;  // null in production
  http::metrics metrics_;         // before ctx_, which refers to it
  http::session_cache sessions_;  // likewise
  http::login_throttle logins_;   // likewise
  http::validation_gate validations_;  // likewise
  http::admission_state admission_;    // likewise; and svr_ counts into it
  route_context ctx_;
  guarded_server svr_{limits_of(settings_), admission_, render_refusal};
};

server::server(caf::actor_system& sys, http_settings settings, backend actors, auth_settings auth,
               std::shared_ptr<request_gate> gate)
    : impl_(std::make_unique<impl>(sys, std::move(settings), std::move(actors), auth, std::move(gate))) {}

server::~server() = default;

bool server::bind(std::string& error) { return impl_->bind(error, port_); }
void server::run() { impl_->run(); }
void server::stop() { impl_->stop(); }

actors::revocation_events server::revocation_events() {
  auto* cache = &impl_->sessions();
  return {[cache](const std::string& token_hash) { cache->forget(token_hash); },
          [cache](const std::string& user_id) { cache->forget_user(user_id); },
          [cache](bool listening) { cache->set_trusted(listening); }};
}

}  // namespace http
