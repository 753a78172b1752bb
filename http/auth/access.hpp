// Who may do what: the contract's access rules ("self", "owner", "owner or admin", "admin")
// over the authenticated caller, as pure functions. The routes apply them to a request
// (http/routes/guards.hpp, which renders the 403). Ids are compared exactly: pass canonical
// (lower-case) ids, as the stores return them.
#pragma once

#include <string>
#include <string_view>

namespace http {

// The authenticated caller (exchange::authenticate()).
struct principal {
  std::string user_id;
  std::string role;  // "user" | "admin"
  std::string session_id;
  bool is_admin() const { return role == "admin"; }
};

// The caller is the user `user_id` ("self").
inline bool is_self(const principal& who, std::string_view user_id) { return who.user_id == user_id; }

// The caller created the resource (its author_id, submitted_by, ...) or is an admin. Also the
// contract's "self or admin", with the user's own id as `owner_id`.
inline bool is_owner_or_admin(const principal& who, std::string_view owner_id) {
  return who.is_admin() || is_self(who, owner_id);
}

}  // namespace http
