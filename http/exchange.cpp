#include "http/exchange.hpp"

#include "actors/messages.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "storage/session_token.hpp"

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
  const auto hash = storage::token_hash_hex(std::string_view(header).substr(scheme.size()));
  std::optional<storage::session> session;
  self_->request(ctx_.actors.sessions, ctx_.settings.request_timeout, actors::find_atom::value, hash)
      .receive([&](storage::session& s) { session = std::move(s); },
               [&](caf::error& err) {
                 auto e = to_api_error(err);
                 fail(e.status == 404 ? unauthenticated() : e);
               });
  if (!session)
    return std::nullopt;
  std::optional<storage::user> user;
  self_->request(ctx_.actors.users, ctx_.settings.request_timeout, actors::get_atom::value, session->user_id)
      .receive([&](storage::user& u) { user = std::move(u); },
               [&](caf::error& err) {
                 auto e = to_api_error(err);
                 fail(e.status == 404 ? unauthenticated() : e);
               });
  if (!user)
    return std::nullopt;
  if (!user->is_active) {
    fail(unauthenticated());
    return std::nullopt;
  }
  return principal{user->id, user->role, session->id};
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
