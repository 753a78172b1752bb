#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "http/parse/validate_users.hpp"
#include "validation_test_helpers.hpp"

using validation_test::check_cases;
using validation_test::fields_of;
using validation_test::problem_on;
using validation_test::repeat;
using json = nlohmann::json;

namespace {

// A valid address of `n` characters (n in 200..300).
std::string email_of_length(std::size_t n) {
  return repeat("a", 64) + "@" + repeat("b", 63) + "." + repeat("c", 63) + "." +
         repeat("d", n - 64 - 1 - 63 - 1 - 63 - 1 - 4) + ".com";
}

json valid_registration() {
  return {{"email", "Ada@Example.com"}, {"password", "correct horse"}, {"full_name", "Ada L"}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate_users)

BOOST_AUTO_TEST_CASE(registration_normalizes_email_and_name) {
  auto body = valid_registration();
  body["email"] = "  Ada@Example.COM ";
  body["full_name"] = "  Ada Lovelace  ";
  const auto r = http::parse_registration(body);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.value.email == "ada@example.com");
  BOOST_TEST(r.value.full_name == "Ada Lovelace");
  BOOST_TEST(r.value.password == "correct horse");
}

BOOST_AUTO_TEST_CASE(registration_boundaries) {
  const std::string e = "\xC3\xA9";  // one code point, two bytes
  check_cases(valid_registration(),
              {
                  {"password 7", "password", repeat("p", 7), false},
                  {"password 8", "password", repeat("p", 8), true},
                  {"password 128", "password", repeat("p", 128), true},
                  {"password 129", "password", repeat("p", 129), false},
                  {"password 8 code points in 16 bytes", "password", repeat(e, 8), true},
                  {"password 129 code points", "password", repeat(e, 129), false},
                  {"password is not trimmed", "password", "  1234  ", true},
                  {"password with NUL", "password", std::string("abcd\0efgh", 9), false},
                  {"full_name empty", "full_name", "", false},
                  {"full_name blank", "full_name", "   ", false},
                  {"full_name 1", "full_name", "A", true},
                  {"full_name 100", "full_name", repeat(e, 100), true},
                  {"full_name 101", "full_name", repeat("a", 101), false},
                  {"full_name with newline", "full_name", "Ada\nL", false},
                  {"email without dot in domain", "email", "ada@localhost", false},
                  {"email with space", "email", "ada lovelace@example.com", false},
                  {"email 254", "email", email_of_length(254), true},
                  {"email 255", "email", email_of_length(255), false},
                  {"email as object", "email", {{"$gt", ""}}, false},
                  {"email as number", "email", 1, false},
              },
              http::parse_registration);
}

BOOST_AUTO_TEST_CASE(registration_lists_every_problem_and_unknown_fields) {
  const auto r = http::parse_registration(
      json::parse(R"({"email":"nope","password":"short","role":"admin","is_active":true})"));
  const std::vector<std::string> expected{"email", "password", "full_name", "is_active", "role"};
  auto fields = fields_of(r.problems);
  std::sort(fields.begin(), fields.end());
  auto sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST(fields == sorted);
  BOOST_TEST(problem_on(r.problems, "email") == "must be a valid e-mail address");
  BOOST_TEST(problem_on(r.problems, "password") == "must be at least 8 characters");
  BOOST_TEST(problem_on(r.problems, "full_name") == "is required");
  BOOST_TEST(problem_on(r.problems, "role") == "unknown field");
  BOOST_TEST(r.error().status == 422);
}

BOOST_AUTO_TEST_CASE(user_patch_tells_which_fields_were_sent) {
  const auto empty = http::parse_user_patch(json::object());
  BOOST_TEST(empty.ok());
  BOOST_TEST(empty.value.empty());

  const auto r = http::parse_user_patch(json::parse(
      R"({"email":" NEW@x.io ","is_active":false,"role":"admin"})"));
  BOOST_TEST(r.ok());
  BOOST_TEST(*r.value.email == "new@x.io");
  BOOST_TEST(*r.value.is_active == false);
  BOOST_TEST(*r.value.role == "admin");
  BOOST_TEST(!r.value.full_name.has_value());
  BOOST_TEST(!r.value.password.has_value());
  BOOST_TEST(r.value.sets_privileged_fields());
  const auto name_only = http::parse_user_patch(json::parse(R"({"full_name":"B"})"));
  BOOST_TEST(!name_only.value.sets_privileged_fields());
}

BOOST_AUTO_TEST_CASE(user_patch_rules) {
  check_cases(json::object(),
              {
                  {"role user", "role", "user", true},
                  {"role root", "role", "root", false},
                  {"role Admin", "role", "Admin", false},
                  {"role as object", "role", {{"$ne", "user"}}, false},
                  {"is_active as string", "is_active", "false", false},
                  {"is_active as number", "is_active", 0, false},
                  {"is_active null", "is_active", nullptr, false},
                  {"full_name null", "full_name", nullptr, false},
                  {"password 7", "password", "1234567", false},
                  {"email bad", "email", "x@y", false},
                  {"id", "id", "123e4567-e89b-12d3-a456-426614174000", false},
                  {"password_hash", "password_hash", "$argon2id$...", false},
              },
              http::parse_user_patch);
}

BOOST_AUTO_TEST_CASE(login_checks_presence_and_types_only) {
  const auto r = http::parse_login(json::parse(R"({"email":" A@B ","password":"x"})"));
  BOOST_TEST(r.ok());
  BOOST_TEST(r.value.email == "a@b");
  BOOST_TEST(r.value.password == "x");

  const auto missing = http::parse_login(json::parse(R"({"email":{"$gt":""}})"));
  BOOST_TEST(fields_of(missing.problems) == (std::vector<std::string>{"email", "password"}));
  BOOST_TEST(problem_on(missing.problems, "email") == "must be a string");
  BOOST_TEST(problem_on(missing.problems, "password") == "is required");
  BOOST_TEST(!http::parse_login(json::parse(R"({"email":"a","password":"p","x":1})")).ok());
}

BOOST_AUTO_TEST_CASE(config_put_takes_any_value_and_an_optional_description) {
  const auto r = http::parse_config_put(json::parse(R"({"value":{"a.b":{"$x":[1,null]}}})"));
  BOOST_TEST(r.ok());
  BOOST_TEST(r.value.value == json::parse(R"({"a.b":{"$x":[1,null]}})"));
  BOOST_TEST(!r.value.description_sent);

  const auto null_value =
      http::parse_config_put(json::parse(R"({"value":null,"description":null})"));
  BOOST_TEST(null_value.ok());
  BOOST_TEST(null_value.value.value.is_null());
  BOOST_TEST(null_value.value.description_sent);
  BOOST_TEST(!null_value.value.description.has_value());

  const auto described =
      http::parse_config_put(json{{"value", 1}, {"description", repeat("d", 500)}});
  BOOST_TEST(described.ok());
  BOOST_TEST(*described.value.description == repeat("d", 500));

  const auto bad = http::parse_config_put(json{{"description", repeat("d", 501)}, {"key", "x"}});
  BOOST_TEST(fields_of(bad.problems) == (std::vector<std::string>{"value", "description", "key"}));
  BOOST_TEST(problem_on(bad.problems, "value") == "is required");
  BOOST_TEST(!http::parse_config_put(json{{"value", 1}, {"description", 5}}).ok());
  BOOST_TEST(http::parse_config_put(json::array()).problems.size() == 1u);
}

BOOST_AUTO_TEST_CASE(normalize_email_applies_the_registration_rule) {
  BOOST_TEST(*http::normalize_email(" X@Y.org ") == "x@y.org");
  BOOST_TEST(!http::normalize_email("x@y").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
