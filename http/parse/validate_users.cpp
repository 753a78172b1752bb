#include "http/parse/validate_users.hpp"

namespace http {

namespace {

constexpr text_rule email_rule{.min_chars = 0,
                               .max_chars = 254,
                               .lowercase = true,
                               .pattern = is_email,
                               .pattern_problem = "must be a valid e-mail address"};
constexpr text_rule full_name_rule{.min_chars = 1, .max_chars = 100};
constexpr text_rule description_rule{.min_chars = 0, .max_chars = 500, .chars = charset::multiline};
// Login: presence and type only.
constexpr text_rule login_email_rule{.min_chars = 0, .lowercase = true};
constexpr text_rule login_password_rule{.min_chars = 0, .chars = charset::any, .trim = false};
// PATCH's current_password: only checked against the stored hash, so no rule but a bound
// (the longest password that can be set) and not empty (an empty one is a missing one).
constexpr text_rule current_password_rule{
    .min_chars = 1, .max_chars = password_rule.max_chars, .chars = charset::any, .trim = false};

}  // namespace

std::optional<std::string> normalize_email(std::string_view raw) {
  auto c = check_text(raw, email_rule);
  return c.ok() ? std::optional(std::move(c.value)) : std::nullopt;
}

checked<registration_request> parse_registration(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  registration_request out;
  out.email = r.text("email", email_rule).value_or("");
  out.password = r.text("password", password_rule).value_or("");
  out.full_name = r.text("full_name", full_name_rule).value_or("");
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<user_patch_request> parse_user_patch(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  user_patch_request out;
  out.full_name = r.text("full_name", full_name_rule, presence::optional);
  out.email = r.text("email", email_rule, presence::optional);
  out.password = r.text("password", password_rule, presence::optional);
  out.current_password = r.text("current_password", current_password_rule, presence::optional);
  out.is_active = r.boolean("is_active", presence::optional);
  out.role = r.one_of("role", {"user", "admin"}, presence::optional);
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<login_request> parse_login(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  login_request out;
  out.email = r.text("email", login_email_rule).value_or("");
  out.password = r.text("password", login_password_rule).value_or("");
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<config_put_request> parse_config_put(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  config_put_request out;
  // `value` may legitimately be null, so presence is checked by has() and the value read
  // as nullable.
  if (body.is_object() && !r.has("value"))
    problems.add("value", "is required");
  if (const auto* v = r.any("value", presence::nullable))
    out.value = *v;
  out.description_sent = r.has("description");
  out.description = r.text("description", description_rule, presence::nullable);
  r.finish();
  return make_checked(std::move(out), problems);
}

}  // namespace http
