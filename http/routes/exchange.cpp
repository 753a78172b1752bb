#include "http/routes/exchange.hpp"

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "http/parse/json_limits.hpp"
#include "http/transport/request_scope.hpp"
#include "storage/common/time_format.hpp"
#include "storage/crypto/session_token.hpp"

namespace http {

namespace {

api_error unauthenticated() {
  return {401, "unauthenticated", "a valid bearer token is required", {}, 0};
}

bool is_json_content_type(const std::string& value) {
  // "application/json", optionally with parameters ("; charset=utf-8"), case-insensitive.
  std::string type = value.substr(0, value.find(';'));
  while (!type.empty() && type.back() == ' ')
    type.pop_back();
  for (auto& c : type)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/json";
}

}  // namespace

std::optional<nlohmann::json> exchange::json_body() {
  if (!is_json_content_type(req_.get_header_value("Content-Type"))) {
    fail({415, "unsupported_media_type", "the body must be application/json", {}, 0});
    return std::nullopt;
  }
  // A chunked body may end a little past the limit (its framing is counted against a budget).
  if (req_.body.size() > ctx_.settings.max_body_bytes) {
    fail({413, "payload_too_large", "the body is over the limit", {}, 0});
    return std::nullopt;
  }
  if (auto problem = json_shape_problem(req_.body, ctx_.settings.max_json_depth)) {
    fail({400, "malformed_json", *problem, {}, 0});
    return std::nullopt;
  }
  auto body = nlohmann::json::parse(req_.body, nullptr, false);
  if (body.is_discarded()) {
    fail({400, "malformed_json", "the body is not valid JSON", {}, 0});
    return std::nullopt;
  }
  return body;
}

std::optional<principal> exchange::authenticate() {
  const std::string header = req_.get_header_value("Authorization");
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size() || header.compare(0, scheme.size(), scheme) != 0 ||
      !storage::looks_like_token(std::string_view(header).substr(scheme.size()))) {
    fail(unauthenticated());
    return std::nullopt;
  }
  token_hash_ = storage::token_hash_hex(std::string_view(header).substr(scheme.size()));
  const auto now_us = storage::now_micros();
  auto& cache = ctx_.sessions_cache;
  if (auto hit = cache.fresh(token_hash_, now_us))
    return principal{hit->user_id, hit->role, hit->session_id};
  if (cache.known_unknown(token_hash_)) {
    fail(unauthenticated());
    return std::nullopt;
  }

  // Validate with PostgreSQL: the session, then its user (role, still active). The ticket is
  // taken first, so a revocation that lands while this runs keeps its answer out of the cache.
  const auto ticket = cache.begin();
  std::optional<api_error> store_error;
  std::string store_cause;
  bool unknown = false;
  {
    const auto pass = ctx_.validations.enter(ctx_.auth.validation_wait);
    if (!pass) {
      store_error = api_error{429, "overloaded", "too many sessions are being checked at once; retry shortly", {}, 1};
    } else {
      // The reply, or nullopt: not_found means an unknown token (or user), anything else a store
      // that could not answer.
      auto answer = [&](auto r) -> std::optional<typename decltype(r)::value_type> {
        if (r.is_ok())
          return std::move(r.value());
        if (r.get_status().error_code() == storage::code::not_found) {
          unknown = true;
        } else {
          store_error = to_api_error(r.get_status());
          store_cause = cause_of(r.get_status());
        }
        return std::nullopt;
      };
      auto session = answer(ask_result<storage::session>(ctx_.actors.sessions, actors::find_atom::value, token_hash_));
      std::optional<storage::user> user;
      if (session)
        user = answer(ask_result<storage::user>(ctx_.actors.users, actors::get_atom::value, session->user_id));
      if (user && user->is_active) {
        cache.remember(token_hash_, {user->id, user->role, session->id, session->expires_at_us}, ticket);
        return principal{user->id, user->role, session->id};
      }
    }
  }
  if (store_error && !unknown) {
    // PostgreSQL could not answer: a session validated here within stale_if_error still counts.
    if (auto stale = cache.stale(token_hash_, now_us))
      return principal{stale->user_id, stale->role, stale->session_id};
    fail(*store_error, store_cause);
    return std::nullopt;
  }
  cache.remember_unknown(token_hash_);
  fail(unauthenticated());
  return std::nullopt;
}

void exchange::forget_current_session() {
  if (!token_hash_.empty())
    ctx_.sessions_cache.forget(token_hash_);
}

void exchange::fail(const api_error& e, const std::string& cause) {
  if (e.status >= 500)
    spdlog::error("request_id={} status={} code={} route={} {} cause=\"{}\"", res_.get_header_value("X-Request-Id"),
                  e.status, e.code, current_request().route, req_.method, cause.empty() ? e.message : cause);
  render_error(res_, e);
}

void exchange::reply(int status, const nlohmann::json& body) {
  res_.status = status;
  res_.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

}  // namespace http

namespace http {

void exchange::text(int status, const std::string& body, const char* content_type) {
  res_.status = status;
  res_.set_content(body, content_type);
}

}  // namespace http
