// Request bodies of the PostgreSQL resources: users, sessions, configuration entries
// (CONTRACT.md, "Users, sessions, configuration"). Each parser takes the already parsed body
// and returns the plain request struct, or every problem it found (a 422). Pure.
//
// Text fields are trimmed of ASCII whitespace (passwords never are), lengths count code
// points, and names reject control characters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/parse/validation.hpp"

namespace http {

// POST /api/v1/users
struct registration_request {
  std::string email;  // trimmed, lower-cased, valid
  std::string password;  // 8..128 code points, as sent
  std::string full_name;  // 1..100 code points, trimmed
};

// PATCH /api/v1/users/{id}: nullopt means "not sent". Whether the caller may set role or
// is_active, and whether current_password is needed, is decided by the handler (it depends
// on who calls); this struct only says what was sent.
struct user_patch_request {
  std::optional<std::string> full_name;
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::string> current_password;  // 1..128 code points, as sent; changes nothing
  std::optional<bool> is_active;
  std::optional<std::string> role;  // "user" or "admin"

  bool empty() const { return !full_name && !email && !password && !is_active && !role; }
  bool sets_privileged_fields() const { return is_active || role; }
  // Changing one's own email or password needs the current password.
  bool sets_credentials() const { return email || password; }
};

// POST /api/v1/sessions. Only presence and types are checked, so a failed login reveals
// nothing about the rules; the email is trimmed and lower-cased for the lookup.
struct login_request {
  std::string email;
  std::string password;
};

// PUT /api/v1/configs/{key}
struct config_put_request {
  nlohmann::json value;  // any JSON, null included (stored in PostgreSQL, never in MongoDB)
  bool description_sent = false;  // the member was present (as text or as null)
  std::optional<std::string> description;  // 0..500 code points; nullopt for null or absent
};

// Password rule: 8..128 code points, any characters but NUL, not trimmed.
inline constexpr text_rule password_rule{
    .min_chars = 8, .max_chars = 128, .chars = charset::any, .trim = false};

checked<registration_request> parse_registration(const nlohmann::json& body);
// An empty object is a valid (empty) patch.
checked<user_patch_request> parse_user_patch(const nlohmann::json& body);
checked<login_request> parse_login(const nlohmann::json& body);
checked<config_put_request> parse_config_put(const nlohmann::json& body);

// The e-mail rule as registration applies it: trim, lower-case, is_email(); nullopt when the
// result is not an address.
std::optional<std::string> normalize_email(std::string_view raw);

}  // namespace http
