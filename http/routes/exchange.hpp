// One HTTP request being answered: the helpers every handler uses, so handlers stay thin
// (parse and validate, ask an actor with a deadline, render) and never repeat error JSON.
// An exchange lives on one cpp-httplib worker thread for one request; not thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <caf/all.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "actors/errors.hpp"
#include "http/auth/access.hpp"
#include "http/auth/login_throttle.hpp"
#include "http/auth/session_cache.hpp"
#include "http/auth/validation_gate.hpp"
#include "http/http_settings.hpp"
#include "http/parse/validation.hpp"
#include "http/render/api_error.hpp"
#include "http/render/cursor.hpp"
#include "http/routes/metrics.hpp"
#include "http/server.hpp"
#include "http/transport/admission_queue.hpp"
#include "storage/common/status.hpp"

namespace http {

// Shared by all handlers; lives as long as the server.
struct route_context {
  caf::actor_system& sys;
  http_settings settings;
  backend actors;
  cursor_codec cursors;
  http::metrics& metrics;
  http::session_cache& sessions_cache;
  auth_settings auth;
  http::login_throttle& logins;
  http::validation_gate& validations;
  const http::admission_state& connections;
};

class exchange {
public:
  exchange(const route_context& ctx, const httplib::Request& req, httplib::Response& res)
      : ctx_(ctx), req_(req), res_(res), self_(ctx.sys) {}

  const route_context& ctx() const { return ctx_; }
  const httplib::Request& req() const { return req_; }
  // The n-th capture of the route's path template ({id} and the like), percent-decoded.
  std::string path_param(size_t n) const { return req_.matches.size() > n ? req_.matches[n].str() : std::string(); }

  // Asks `dest` with the request deadline: the reply, or the status its error stands for
  // (actors::status_of). The one place http/ waits for an actor.
  template <class T, class Handle, class... Ts>
  storage::result<T> ask_result(const Handle& dest, Ts&&... msg) {
    std::optional<storage::result<T>> out;
    self_->request(dest, ctx_.settings.request_timeout, std::forward<Ts>(msg)...)
        .receive([&](T& value) { out.emplace(std::move(value)); },
                 [&](caf::error& err) { out.emplace(actors::status_of(err)); });
    return std::move(*out);
  }

  // As ask_result; the reply, or nullopt after rendering the error.
  template <class T, class Handle, class... Ts>
  std::optional<T> ask(const Handle& dest, Ts&&... msg) {
    auto r = ask_result<T>(dest, std::forward<Ts>(msg)...);
    if (r.is_ok())
      return std::move(r.value());
    fail(r.get_status());
    return std::nullopt;
  }

  // The body as JSON: 415 without a JSON content type, 400 when it does not parse.
  std::optional<nlohmann::json> json_body();

  // The caller from `Authorization: Bearer <token>`, or nullopt after a 401 (missing, unknown,
  // expired or revoked token; a deactivated user). Validated sessions are cached (see
  // session_cache.hpp): PostgreSQL is asked at most every few seconds per token, and a known
  // session keeps working while PostgreSQL is down.
  std::optional<principal> authenticate();

  // Logout: the cache forgets the token authenticate() saw, so it stops working at once.
  void forget_current_session();
  // After a user is deleted, deactivated or changes role: forget all their cached sessions.
  void forget_user_sessions(const std::string& user_id) { ctx_.sessions_cache.forget_user(user_id); }

  // Renders `problems` unless the value is good; true when it is.
  template <class T>
  bool check(const checked<T>& c) {
    if (c.ok())
      return true;
    fail(c.error());
    return false;
  }

  void reply(int status, const nlohmann::json& body);
  void text(int status, const std::string& body, const char* content_type);
  void header(const char* name, const std::string& value) { res_.set_header(name, value); }
  void no_content() { res_.status = 204; }
  // Renders the error; a 5xx also writes one log line with the request id and `cause` (what
  // failed, secrets redacted; the error's own message when empty).
  void fail(const api_error& e, const std::string& cause = {});
  // A store's failure: its HTTP answer, and its code and message for the log.
  void fail(const storage::status& st) { fail(to_api_error(st), cause_of(st)); }
  void forbidden() { fail({403, "forbidden", "not allowed for this user", {}, 0}); }
  void not_found() { fail(not_found_error()); }

private:
  const route_context& ctx_;
  const httplib::Request& req_;
  httplib::Response& res_;
  caf::scoped_actor self_;
  std::string token_hash_;  // set by authenticate()
};

}  // namespace http
