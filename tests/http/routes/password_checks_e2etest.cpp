// Every route that verifies a password counts against the login throttle (issue 20, part 3):
// a wrong current_password on PATCH /api/v1/users/{id} is a failed login for the account's
// email, and failed logins hold the PATCH check, in one record per email
// (http/auth/login_throttle.hpp: five failures are free, the sixth starts a hold of 1 s that doubles).
// The real binary, the stack's PostgreSQL.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "pg_e2e.hpp"

using nlohmann::json;
using test_env::check_error;

namespace {

constexpr int free_failures = 5;

std::string user_path(const std::string& id) { return "/api/v1/users/" + id; }

// Waits out a 429's Retry-After (whole seconds) and a little more.
void wait_out(const test_env::api_response& r) {
  const int seconds = std::atoi(r.header("Retry-After").c_str());
  BOOST_TEST_REQUIRE(seconds >= 1, "Retry-After '" << r.header("Retry-After") << "'");
  std::this_thread::sleep_for(std::chrono::seconds(seconds) + std::chrono::milliseconds(200));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(password_checks_e2e, pg_e2e::fixture)

BOOST_AUTO_TEST_CASE(wrong_current_passwords_are_held_like_failed_logins_and_hold_the_login_too) {
  const auto me = registered();
  const json wrong{{"email", me.email}, {"current_password", "not my password"}};
  // The five free failures and the one that starts the hold are checked (403) ...
  for (int i = 0; i <= free_failures; ++i)
    check_error(api.patch(user_path(me.id), wrong, me.token), 403, "forbidden", "wrong current_password " + std::to_string(i));
  // ... then the email is held, for the PATCH check and for a login with the right password alike.
  const auto held = api.patch(user_path(me.id), wrong, me.token);
  check_error(held, 429, "overloaded", "the PATCH check after six failures");
  BOOST_TEST(held.header("Retry-After") != "");
  const auto held_login = api.post("/api/v1/sessions", {{"email", me.email}, {"password", me.password}});
  check_error(held_login, 429, "overloaded", "a right login while the PATCH failures hold the email");
  wait_out(held_login);
  // After the hold, the right password goes through and clears the record.
  const auto right = api.patch(user_path(me.id), {{"email", me.email}, {"current_password", me.password}}, me.token);
  BOOST_TEST(right.status == 200, right.body.dump());
  BOOST_TEST(!login(me.email).empty());  // 201, or the test fails here
}

BOOST_AUTO_TEST_CASE(failed_logins_hold_the_current_password_check) {
  const auto me = registered();
  for (int i = 0; i <= free_failures; ++i) {
    const auto r = api.post("/api/v1/sessions", {{"email", me.email}, {"password", "not my password"}});
    check_error(r, 401, "unauthenticated", "failed login " + std::to_string(i));
  }
  const json change{{"email", fresh_email()}, {"current_password", me.password}};
  const auto held = api.patch(user_path(me.id), change, me.token);
  check_error(held, 429, "overloaded", "the right current_password while failed logins hold the email");
  const auto still = api.get(user_path(me.id), me.token);
  BOOST_TEST(still.body["email"] == me.email, "a held PATCH changed the email");
}

BOOST_AUTO_TEST_SUITE_END()
