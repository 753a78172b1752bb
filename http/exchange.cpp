#include "http/exchange.hpp"

#include "actors/messages.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "storage/session_token.hpp"
#include "storage/time_format.hpp"

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

  // Validate with PostgreSQL: the session, then its user (role, still active).
  std::optional<api_error> store_error;
  bool unknown = false;
  auto on_error = [&](caf::error& err) {
    auto e = to_api_error(err);
    if (e.status == 404)
      unknown = true;
    else
      store_error = e;
  };
  std::optional<storage::session> session;
  self_->request(ctx_.actors.sessions, ctx_.settings.request_timeout, actors::find_atom::value, token_hash_)
      .receive([&](storage::session& s) { session = std::move(s); }, on_error);
  std::optional<storage::user> user;
  if (session)
    self_->request(ctx_.actors.users, ctx_.settings.request_timeout, actors::get_atom::value, session->user_id)
        .receive([&](storage::user& u) { user = std::move(u); }, on_error);
  if (user && user->is_active) {
    cache.remember(token_hash_, {user->id, user->role, session->id, session->expires_at_us});
    return principal{user->id, user->role, session->id};
  }
  if (store_error && !unknown) {
    // PostgreSQL could not answer: a session this instance validated before still counts.
    if (auto stale = cache.stale(token_hash_, now_us))
      return principal{stale->user_id, stale->role, stale->session_id};
    fail(*store_error);
    return std::nullopt;
  }
  cache.forget(token_hash_);
  fail(unauthenticated());
  return std::nullopt;
}

void exchange::forget_current_session() {
  if (!token_hash_.empty())
    ctx_.sessions_cache.forget(token_hash_);
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
