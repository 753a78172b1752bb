#include "http/render/render_pg.hpp"

#include "storage/common/time_format.hpp"

namespace http {

namespace {

nlohmann::json optional_text(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json user_json(const storage::user& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"full_name", u.full_name},
          {"role", u.role},
          {"is_active", u.is_active},
          {"created_at", storage::format_rfc3339_ms(u.created_at_us)},
          {"updated_at", storage::format_rfc3339_ms(u.updated_at_us)}};
}

nlohmann::json session_json(const storage::session& s) {
  return {{"id", s.id},
          {"user_id", s.user_id},
          {"expires_at", storage::format_rfc3339_ms(s.expires_at_us)},
          {"created_at", storage::format_rfc3339_ms(s.created_at_us)}};
}

nlohmann::json login_json(const std::string& token, const storage::session& s, const storage::user& u) {
  return {{"token", token}, {"expires_at", storage::format_rfc3339_ms(s.expires_at_us)}, {"user", user_json(u)}};
}

nlohmann::json config_json(const storage::config_entry& e) {
  // PostgreSQL printed the jsonb, so it parses; null would only hide a broken store.
  auto value = nlohmann::json::parse(e.value_json, nullptr, false);
  return {{"key", e.key},
          {"value", value.is_discarded() ? nlohmann::json(nullptr) : std::move(value)},
          {"description", optional_text(e.description)},
          {"created_at", storage::format_rfc3339_ms(e.created_at_us)},
          {"updated_at", storage::format_rfc3339_ms(e.updated_at_us)}};
}

}  // namespace http
