#include "http/server.hpp"

#include <chrono>
#include <sys/socket.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "http/api_error.hpp"
#include "http/exchange.hpp"
#include "http/metrics.hpp"
#include "http/session_cache.hpp"
#include "http/request_id.hpp"
#include "http/routes.hpp"

namespace http {

namespace {

using clock = std::chrono::steady_clock;

// The start of the request this worker thread is serving: pre-routing sets it and the access
// logger, which cpp-httplib calls on the same thread, reads it.
thread_local clock::time_point request_start;

// cpp-httplib 0.11.4 hard-codes a listen backlog of 5, which overflows under load and costs
// one-second SYN retries; re-listen with a real backlog after binding.
class tuned_server : public httplib::Server {
public:
  bool set_backlog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
};

}  // namespace

class server::impl {
public:
  impl(caf::actor_system& sys, http_settings s, backend b, std::chrono::seconds session_ttl)
      : settings_(s),
        ctx_{sys, std::move(s), std::move(b), cursor_codec(random_cursor_key()), metrics_, sessions_, session_ttl, logins_} {}

  void configure() {
    auto& svr = svr_;
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(static_cast<size_t>(settings_.keep_alive_max_count));
    svr.set_keep_alive_timeout(settings_.keep_alive_timeout.count());
    svr.set_read_timeout(settings_.read_timeout.count(), 0);
    svr.set_write_timeout(settings_.write_timeout.count(), 0);
    svr.set_payload_max_length(settings_.max_body_bytes);
    const auto threads = static_cast<size_t>(settings_.threads);
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

    svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      request_start = clock::now();
      reset_current_route();
      res.set_header("X-Request-Id", choose_request_id(req.get_header_value("X-Request-Id")));
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // Runs for every status >= 400, including ones a handler set: only fill an empty body.
    svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.has_header("X-Request-Id"))
        res.set_header("X-Request-Id", choose_request_id(req.get_header_value("X-Request-Id")));
      if (!res.body.empty())
        return;
      switch (res.status) {
        case 404: render_error(res, not_found_error()); break;
        case 413: render_error(res, {413, "payload_too_large", "the body is over the limit", {}, 0}); break;
        case 400: render_error(res, bad_request("the request could not be parsed")); break;
        default: render_error(res, {res.status, "internal", "internal error", {}, 0}); break;
      }
    });
    // Without this cpp-httplib leaks e.what() in a response header.
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep)
          std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        spdlog::error("unhandled exception in a handler: {}", e.what());
      } catch (...) {
        spdlog::error("unhandled non-standard exception in a handler");
      }
      res.headers.erase("EXCEPTION_WHAT");
      res.body.clear();
      render_error(res, {500, "internal", "internal error", {}, 0});
    });
    svr.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - request_start);
      metrics_.observe(current_route(), req.method, res.status, static_cast<double>(us.count()) / 1e6);
      spdlog::info("access method={} path={} status={} duration_ms={:.3f} request_id={}", req.method,
                   req.path, res.status, static_cast<double>(us.count()) / 1000.0,
                   res.get_header_value("X-Request-Id"));
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
      error = "cannot bind " + settings_.host + ":" + std::to_string(settings_.port) +
              " (address in use or invalid)";
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

private:
  http_settings settings_;
  http::metrics metrics_;         // before ctx_, which refers to it
  http::session_cache sessions_;  // likewise
  http::login_throttle logins_;   // likewise
  route_context ctx_;
  tuned_server svr_;
};

server::server(caf::actor_system& sys, http_settings settings, backend actors, std::chrono::seconds session_ttl)
    : impl_(std::make_unique<impl>(sys, std::move(settings), std::move(actors), session_ttl)) {}

server::~server() = default;

bool server::bind(std::string& error) { return impl_->bind(error, port_); }
void server::run() { impl_->run(); }
void server::stop() { impl_->stop(); }

}  // namespace http
