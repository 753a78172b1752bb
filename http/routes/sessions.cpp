// Login, the current session, logout (CONTRACT.md, "Authentication" and "Users, sessions,
// configuration"). Tokens are 256 random bits shown once, at login; PostgreSQL keeps only their
// SHA-256 (storage/crypto/session_token.hpp). Choices where the contract is silent: docs/api.md.
#include <cstdint>

#include "actors/errors.hpp"
#include "actors/messages.hpp"
#include "actors/password_hasher.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "http/auth/client_address.hpp"
#include "http/parse/validate_users.hpp"
#include "http/render/render_pg.hpp"
#include "http/routes/guards.hpp"
#include "http/routes/routes.hpp"
#include "storage/common/time_format.hpp"
#include "storage/crypto/session_token.hpp"

namespace http {

namespace {

// The one answer to every failed login: it tells nobody which emails exist.
api_error wrong_credentials() { return {401, "unauthenticated", "the email or the password is wrong", {}, 0}; }

// Like exchange::ask, but "no such row" is an answer (an empty inner optional) rather than a
// 404; nullopt after rendering any other error.
template <class T, class Handle, class... Ts>
std::optional<std::optional<T>> ask_if_exists(exchange& ex, const Handle& dest, Ts&&... msg) {
  auto r = ex.ask_result<T>(dest, std::forward<Ts>(msg)...);
  if (r.is_ok())
    return std::optional<T>(std::move(r.value()));
  if (r.get_status().error_code() == storage::code::not_found)
    return std::optional<T>();
  ex.fail(r.get_status());
  return std::nullopt;
}

// The account that `login` opens, or nullopt after rendering the error. An unknown email costs
// the same Argon2id work as a known one (a verification against a fixed hash), and a
// deactivated account fails like a wrong password, after the same work. The throttle counted
// the attempt as a failure when it admitted it: a success clears that, an attempt that could
// not be decided (a store or the hasher failed) does not count.
std::optional<storage::user> check_credentials(exchange& ex, const login_request& login) {
  auto& logins = ex.ctx().logins;
  const auto user = ask_if_exists<storage::user>(ex, ex.ctx().actors.users, actors::by_email_atom::value, login.email);
  if (!user) {
    logins.refund(login.email);
    return std::nullopt;
  }
  // The verification counts against this email's and this address's share of the hasher.
  const auto& passwords = ex.ctx().actors.passwords;
  const auto owner = owner_by_email(ex, login.email);
  const auto matches = *user ? ex.ask<bool>(passwords, actors::verify_atom::value, owner, (*user)->password_hash, login.password)
                             : ex.ask<bool>(passwords, actors::verify_atom::value, owner, login.password);
  if (!matches) {
    logins.refund(login.email);
    return std::nullopt;
  }
  if (!*user || !*matches || !(*user)->is_active) {
    ex.fail(wrong_credentials());
    return std::nullopt;
  }
  logins.succeeded(login.email);
  return *user;
}

void login(exchange& ex) {
  const auto body = ex.json_body();
  if (!body)
    return;
  const auto req = parse_login(*body);
  if (!ex.check(req))
    return;
  // Too many failures for this email: no password is checked until the delay has passed.
  if (const int wait = ex.ctx().logins.admit(req.value.email, login_throttle::clock::now()); wait > 0)
    return ex.fail({429, "overloaded", "too many failed logins for this email; retry later", {}, wait});
  const auto user = check_credentials(ex, req.value);
  if (!user)
    return;
  const auto token = storage::new_session_token();
  const std::int64_t expires_at_us = storage::now_micros() + std::int64_t{ex.ctx().auth.session_ttl.count()} * 1000000;
  const auto session = ex.ask<storage::session>(ex.ctx().actors.sessions, actors::create_atom::value, user->id,
                                                storage::token_hash_hex(token), expires_at_us);
  if (session)
    ex.reply(201, login_json(token, *session, *user));
}

// The SHA-256 of the bearer token; call only after authenticate() accepted the header.
std::string bearer_token_hash(const exchange& ex) {
  constexpr std::string_view scheme = "Bearer ";
  return storage::token_hash_hex(std::string_view(ex.req().get_header_value("Authorization")).substr(scheme.size()));
}

void current_session(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto session =
      ask_if_exists<storage::session>(ex, ex.ctx().actors.sessions, actors::find_atom::value, bearer_token_hash(ex));
  if (!session)
    return;
  if (*session)
    ex.reply(200, session_json(**session));
  else  // revoked or expired since authenticate() looked (by another request or instance)
    ex.fail({401, "unauthenticated", "a valid bearer token is required", {}, 0});
}

// Logout: a session that is already gone (a concurrent logout) is logged out as well.
void logout(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who || !ask_if_exists<actors::ok_atom>(ex, ex.ctx().actors.sessions, actors::revoke_atom::value, who->session_id))
    return;
  ex.forget_current_session();
  ex.no_content();
}

}  // namespace

std::vector<route_spec> session_routes() {
  return {
      {"POST", "/api/v1/sessions", "log in {email, password} -> {token, expires_at, user}; the token is shown once",
       "none", login, 201},
      {"GET", "/api/v1/sessions/current", "the session of the bearer token (never the token)", "any user",
       current_session},
      {"DELETE", "/api/v1/sessions/current", "log out: the token stops working at once", "any user", logout, 204},
  };
}

}  // namespace http
