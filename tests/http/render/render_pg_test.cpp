// The JSON shapes of PostgreSQL rows: exactly the contract's fields, no secrets, RFC 3339 times.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "http/render/render_pg.hpp"

using nlohmann::json;

namespace {

// 2026-11-27T10:15:30.123456Z in microseconds since the epoch.
constexpr std::int64_t t0_us = 1795774530123456;
constexpr std::int64_t t1_us = t0_us + 2'500'000;  // 2.5 s later

std::set<std::string> keys_of(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items())
    out.insert(k);
  return out;
}

storage::user sample_user() {
  storage::user u;
  u.id = "0b4e7a52-5f5e-4c8e-9a53-7a1c2b3d4e5f";
  u.email = "ada@example.com";
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.full_name = "Ada Lovelace";
  u.role = "admin";
  u.is_active = false;
  u.created_at_us = t0_us;
  u.updated_at_us = t1_us;
  return u;
}

storage::session sample_session() {
  storage::session s;
  s.id = "9d3c1c9e-1111-4222-8333-444455556666";
  s.user_id = sample_user().id;
  s.token_hash = std::string(64, 'a');
  s.expires_at_us = t1_us;
  s.created_at_us = t0_us;
  return s;
}

storage::config_entry sample_entry(std::string value_json, std::optional<std::string> description) {
  return {"feature.flags", std::move(value_json), std::move(description), t0_us, t1_us};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render_pg)

BOOST_AUTO_TEST_CASE(user_has_exactly_the_contract_fields_and_never_the_hash) {
  const auto j = http::user_json(sample_user());
  BOOST_TEST((keys_of(j) == std::set<std::string>{"id", "email", "full_name", "role", "is_active", "created_at",
                                                   "updated_at"}));
  BOOST_TEST(j["id"] == "0b4e7a52-5f5e-4c8e-9a53-7a1c2b3d4e5f");
  BOOST_TEST(j["email"] == "ada@example.com");
  BOOST_TEST(j["full_name"] == "Ada Lovelace");
  BOOST_TEST(j["role"] == "admin");
  BOOST_TEST(j["is_active"] == false);
  BOOST_TEST(j["created_at"] == "2026-11-27T10:15:30.123Z");  // truncated, never rounded up
  BOOST_TEST(j["updated_at"] == "2026-11-27T10:15:32.623Z");
  BOOST_TEST(j.dump().find("argon2id") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(session_has_exactly_the_contract_fields_and_never_the_token_hash) {
  const auto j = http::session_json(sample_session());
  BOOST_TEST((keys_of(j) == std::set<std::string>{"id", "user_id", "expires_at", "created_at"}));
  BOOST_TEST(j["id"] == "9d3c1c9e-1111-4222-8333-444455556666");
  BOOST_TEST(j["user_id"] == sample_user().id);
  BOOST_TEST(j["expires_at"] == "2026-11-27T10:15:32.623Z");
  BOOST_TEST(j["created_at"] == "2026-11-27T10:15:30.123Z");
  BOOST_TEST(j.dump().find(std::string(64, 'a')) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(login_shows_the_token_its_expiry_and_the_user) {
  const auto j = http::login_json("tok", sample_session(), sample_user());
  BOOST_TEST((keys_of(j) == std::set<std::string>{"token", "expires_at", "user"}));
  BOOST_TEST(j["token"] == "tok");
  BOOST_TEST(j["expires_at"] == "2026-11-27T10:15:32.623Z");
  BOOST_TEST(j["user"] == http::user_json(sample_user()));
  BOOST_TEST(j.dump().find(std::string(64, 'a')) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(config_value_is_json_itself_and_description_may_be_null) {
  struct row {
    const char* stored;
    json expected;
  };
  const row rows[] = {
      {R"({"a": [1, 2.5, "x"], "b": null})", json{{"a", {1, 2.5, "x"}}, {"b", nullptr}}},
      {"[]", json::array()},
      {"42", 42},
      {R"("text")", "text"},
      {"true", true},
      {"null", nullptr},
  };
  for (const auto& r : rows) {
    const auto j = http::config_json(sample_entry(r.stored, std::nullopt));
    BOOST_TEST((keys_of(j) == std::set<std::string>{"key", "value", "description", "created_at", "updated_at"}));
    BOOST_TEST(j["value"] == r.expected, r.stored);
    BOOST_TEST(j["description"].is_null());
  }
  const auto described = http::config_json(sample_entry("1", "how many"));
  BOOST_TEST(described["key"] == "feature.flags");
  BOOST_TEST(described["description"] == "how many");
  BOOST_TEST(described["created_at"] == "2026-11-27T10:15:30.123Z");
  BOOST_TEST(described["updated_at"] == "2026-11-27T10:15:32.623Z");
}

BOOST_AUTO_TEST_SUITE_END()
