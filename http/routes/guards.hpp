// Reaching a resource from a request: ids in the path, and the access rules
// (http/auth/access.hpp) applied after exchange::authenticate(). Each helper either lets the
// handler go on or renders the error and says stop, so a handler reads
//   const auto id = object_id_param(ex, 1);
//   if (!id || !allow_owner_or_admin(ex, *who, author)) return;
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "actors/hash_owner.hpp"
#include "http/auth/access.hpp"
#include "http/parse/validate_text.hpp"
#include "http/routes/exchange.hpp"

namespace http {

// The n-th path parameter lower-cased when `is_id` accepts it; nullopt after a 404 otherwise
// (the contract: a malformed id in a path is a 404).
inline std::optional<std::string> id_param(exchange& ex, std::size_t n, bool (*is_id)(std::string_view)) {
  auto id = ex.path_param(n);
  if (!is_id(id)) {
    ex.not_found();
    return std::nullopt;
  }
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

// A PostgreSQL row's id (a UUID) / a MongoDB document's id (24 hex digits), as id_param.
inline std::optional<std::string> uuid_param(exchange& ex, std::size_t n) { return id_param(ex, n, is_uuid); }
inline std::optional<std::string> object_id_param(exchange& ex, std::size_t n) {
  return id_param(ex, n, is_object_id);
}

// Lets the handler go on when the rule `allowed` holds; renders the 403 otherwise.
inline bool allow_if(exchange& ex, bool allowed) {
  if (!allowed)
    ex.forbidden();
  return allowed;
}

// Only the owner itself, not an admin (the contract's "self" and "post owner").
inline bool allow_owner(exchange& ex, const principal& who, std::string_view owner_id) {
  return allow_if(ex, is_self(who, owner_id));
}

inline bool allow_self(exchange& ex, const principal& who, std::string_view user_id) {
  return allow_owner(ex, who, user_id);
}

inline bool allow_owner_or_admin(exchange& ex, const principal& who, std::string_view owner_id) {
  return allow_if(ex, is_owner_or_admin(who, owner_id));
}

inline bool allow_admin(exchange& ex, const principal& who) { return allow_if(ex, who.is_admin()); }

// The owner of a password job (http/auth/client_address.hpp) for the request `ex` answers: its
// peer, X-Forwarded-For and http.balancer_addresses.
actors::hash_owner owner_by_email(const exchange& ex, std::string_view email);
actors::hash_owner owner_by_user(const exchange& ex, std::string_view user_id);

}  // namespace http
