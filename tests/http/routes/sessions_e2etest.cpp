// Sessions over HTTP (CONTRACT.md, "Authentication" and "Users, sessions, configuration"):
// login, the current session, logout, and a user's sessions list, with every listed error.
// The real binary, the stack's PostgreSQL.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <regex>
#include <thread>

#include "pg_e2e.hpp"
#include "storage/common/time_format.hpp"
#include "storage/crypto/session_token.hpp"
#include "storage/postgres/session_store.hpp"

using nlohmann::json;
using pg_e2e::keys_of;
using test_env::check_error;
using test_env::check_invalid_field;

namespace {

const std::regex rfc3339_ms("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
constexpr std::int64_t hour_us = 3600LL * 1000000;

std::string hours_from_now(int h) { return storage::format_rfc3339_ms(storage::now_micros() + h * hour_us); }

std::string sessions_path(const std::string& user_id) { return "/api/v1/users/" + user_id + "/sessions"; }

struct sessions_fixture : pg_e2e::fixture {
  // The server's CPU time spent while `f` runs (its requests are answered before f returns).
  double cpu_of(const std::function<void()>& f) {
    const double before = server.cpu_seconds();
    f();
    return server.cpu_seconds() - before;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sessions_e2e, sessions_fixture)

BOOST_AUTO_TEST_CASE(login_answers_a_fresh_token_its_expiry_and_the_user) {
  const auto email = fresh_email();
  const auto user = register_user(email);
  auto r = api.post("/api/v1/sessions", {{"email", "  " + email + " "}, {"password", pg_e2e::default_password}});
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body.dump());
  BOOST_TEST((keys_of(r.body) == std::set<std::string>{"token", "expires_at", "user"}));
  const std::string token = r.body["token"];
  BOOST_TEST(storage::looks_like_token(token));  // 256 random bits, base64url
  const std::string expires = r.body["expires_at"];
  BOOST_TEST(std::regex_match(expires, rfc3339_ms));
  BOOST_TEST((expires > hours_from_now(23) && expires < hours_from_now(25)), expires);  // the 24 h default
  BOOST_TEST(r.body["user"] == user);
  BOOST_TEST(r.body.dump().find("argon2") == std::string::npos);

  auto again = api.post("/api/v1/sessions", {{"email", email}, {"password", pg_e2e::default_password}});
  BOOST_REQUIRE(again.status == 201);
  BOOST_TEST(again.body["token"] != r.body["token"]);
  // Only the hash is stored: the session's row is found by the token's SHA-256, and no row of
  // user_sessions or users holds the token, as text or as the bytes of its text.
  BOOST_TEST(storage::find_session_by_token_hash(*pg, storage::token_hash_hex(token)).is_ok());
  const storage::pg_statement holding{
      "test_rows_holding_token",
      "SELECT (SELECT count(*) FROM user_sessions s WHERE strpos(s::text, $1) > 0 "
      "        OR strpos(s::text, encode(convert_to($1, 'UTF8'), 'hex')) > 0) + "
      "       (SELECT count(*) FROM users u WHERE strpos(u::text, $1) > 0)",
      1};
  auto rows = pg->exec(holding, {token});
  BOOST_REQUIRE_MESSAGE(rows.is_ok(), rows.get_status().to_string());
  BOOST_TEST(std::string(rows->get(0, 0)) == "0", "rows holding the token");
  auto hash_rows = pg->exec(holding, {storage::token_hash_hex(token)});
  BOOST_REQUIRE_MESSAGE(hash_rows.is_ok(), hash_rows.get_status().to_string());
  BOOST_TEST(std::string(hash_rows->get(0, 0)) == "1", "the one row holding the token's hash (the check can see)");
}

BOOST_AUTO_TEST_CASE(wrong_credentials_get_one_answer_in_about_the_same_time) {
  const auto me = registered();
  auto unknown = api.post("/api/v1/sessions", {{"email", fresh_email()}, {"password", me.password}});
  auto wrong = api.post("/api/v1/sessions", {{"email", me.email}, {"password", "not my password"}});
  check_error(unknown, 401, "unauthenticated", "unknown email");
  check_error(wrong, 401, "unauthenticated", "wrong password");
  BOOST_TEST(unknown.body["error"]["message"] == wrong.body["error"]["message"]);
  BOOST_TEST(unknown.body["error"]["details"] == wrong.body["error"]["details"]);
  BOOST_TEST(unknown.body.dump().find(me.email) == std::string::npos);

  // The same work either way, measured as the server's CPU time rather than wall time (which the
  // machine's other load stretches at random): an unknown email costs one Argon2id
  // verification against a dummy hash, like a wrong password. Four of each (with the one above,
  // five failures for me.email: all free of the login throttle), each unknown email a new one.
  // Four Argon2id verifications take hundreds of ms of CPU against a 10 ms tick; an unknown email
  // that skipped the hash would cost a few ms, a ratio far beyond the 3x allowed here.
  double unknown_cpu = 0, wrong_cpu = 0;
  for (int i = 0; i < 4; ++i) {  // interleaved, so that background work hits both alike
    unknown_cpu += cpu_of([&] { api.post("/api/v1/sessions", {{"email", fresh_email()}, {"password", "guess"}}); });
    wrong_cpu += cpu_of([&] { api.post("/api/v1/sessions", {{"email", me.email}, {"password", "guess"}}); });
  }
  BOOST_TEST_MESSAGE("server CPU: unknown email " << unknown_cpu << " s, wrong password " << wrong_cpu << " s");
  BOOST_TEST(wrong_cpu >= 0.02, "four verifications cost at least two clock ticks");
  BOOST_TEST(unknown_cpu * 3 > wrong_cpu, "unknown email " << unknown_cpu << " s, wrong password " << wrong_cpu << " s");
  BOOST_TEST(wrong_cpu * 3 > unknown_cpu, "unknown email " << unknown_cpu << " s, wrong password " << wrong_cpu << " s");
}

// Password guessing: five failures are free, the sixth sets a delay (1 s, doubling), and
// until it passes the email gets 429 without any password being checked, whether the account
// exists or not; the right password afterwards works and clears the record.
BOOST_AUTO_TEST_CASE(repeated_failed_logins_are_slowed_down_per_email) {
  const auto me = registered();
  const auto nobody = fresh_email();
  for (const auto& email : {me.email, nobody}) {
    for (int i = 0; i < 6; ++i)
      check_error(api.post("/api/v1/sessions", {{"email", email}, {"password", "a wrong guess"}}), 401,
                  "unauthenticated", "failure " + std::to_string(i + 1));
    auto held = api.post("/api/v1/sessions", {{"email", email}, {"password", me.password}});
    check_error(held, 429, "overloaded", "after six failures");
    BOOST_TEST(held.header("Retry-After") == "1");
  }
  BOOST_TEST(api.post("/api/v1/sessions", {{"email", fresh_email()}, {"password", "a wrong guess"}}).status == 401,
             "other emails are not held");
  // The 1 s hold ends: polled (a held attempt checks no password and adds no failure), with a
  // 5 s deadline for a loaded machine.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto r = api.post("/api/v1/sessions", {{"email", me.email}, {"password", me.password}});
  while (r.status == 429 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    r = api.post("/api/v1/sessions", {{"email", me.email}, {"password", me.password}});
  }
  BOOST_TEST(r.status == 201, "the hold ended: " << r.status << " " << r.body.dump());
  // Cleared: the next failure is a plain 401 again.
  check_error(api.post("/api/v1/sessions", {{"email", me.email}, {"password", "a wrong guess"}}), 401,
              "unauthenticated", "after a success");
}

BOOST_AUTO_TEST_CASE(login_bodies_are_checked_like_every_body) {
  auto missing = api.post("/api/v1/sessions", json::object());
  check_invalid_field(missing, "email");
  check_invalid_field(missing, "password");
  check_invalid_field(api.post("/api/v1/sessions", {{"email", "a@b.c"}, {"password", "x"}, {"remember", true}}),
                      "remember", "unknown field");
  check_invalid_field(api.post("/api/v1/sessions", {{"email", 5}, {"password", "x"}}), "email", "a number");
  check_error(api.send("POST", "/api/v1/sessions", "{\"email\"", "application/json"), 400, "malformed_json");
  check_error(api.send("POST", "/api/v1/sessions", "{}", "text/plain"), 415, "unsupported_media_type");
  const std::string big = "{\"email\": \"" + std::string((1 << 20) + 10, 'x') + "\"}";
  check_error(api.send("POST", "/api/v1/sessions", big, "application/json"), 413, "payload_too_large");
}

BOOST_AUTO_TEST_CASE(the_current_session_is_shown_without_its_token) {
  const auto me = registered();
  auto r = api.get("/api/v1/sessions/current", me.token);
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  BOOST_TEST((keys_of(r.body) == pg_e2e::session_keys));
  BOOST_TEST(r.body["user_id"] == me.id);
  BOOST_TEST(std::regex_match(r.body["created_at"].get<std::string>(), rfc3339_ms));
  BOOST_TEST(r.body["expires_at"] > r.body["created_at"]);
  BOOST_TEST(r.body.dump().find(me.token) == std::string::npos);
  BOOST_TEST(r.body.dump().find(storage::token_hash_hex(me.token)) == std::string::npos);

  check_error(api.get("/api/v1/sessions/current"), 401, "unauthenticated", "no token");
  check_error(api.get("/api/v1/sessions/current", "garbage"), 401, "unauthenticated", "garbage");
  check_error(api.get("/api/v1/sessions/current", storage::new_session_token()), 401, "unauthenticated", "unknown");
  // A session that expired an hour ago, made directly in PostgreSQL.
  const auto expired = storage::new_session_token();
  auto made = storage::create_session(*pg, me.id, storage::token_hash_hex(expired), storage::now_micros() - hour_us);
  BOOST_REQUIRE_MESSAGE(made.is_ok(), made.get_status().to_string());
  check_error(api.get("/api/v1/sessions/current", expired), 401, "unauthenticated", "expired");
}

BOOST_AUTO_TEST_CASE(logout_stops_the_token_at_once_and_only_that_token) {
  const auto me = registered();
  const auto second = login(me.email);
  check_error(api.del("/api/v1/sessions/current"), 401, "unauthenticated", "anonymous logout");
  auto r = api.del("/api/v1/sessions/current", me.token);
  BOOST_TEST(r.status == 204, r.body.dump());
  check_error(api.get("/api/v1/sessions/current", me.token), 401, "unauthenticated", "revoked");
  check_error(api.get("/api/v1/users/" + me.id, me.token), 401, "unauthenticated", "revoked, any route");
  check_error(api.del("/api/v1/sessions/current", me.token), 401, "unauthenticated", "logout twice");
  BOOST_TEST(api.get("/api/v1/sessions/current", second).status == 200, "the other session lives on");
}

BOOST_AUTO_TEST_CASE(a_users_sessions_list_self_or_admin_pages_without_repeats) {
  const auto me = registered();  // one session
  login(me.email);
  login(me.email);
  const auto other = auth.user();
  const auto admin = auth.admin();
  const auto path = sessions_path(me.id);
  check_error(api.get(path), 401, "unauthenticated", "anonymous");
  check_error(api.get(path, other.token), 403, "forbidden", "another user");
  check_error(api.get(sessions_path("nope"), me.token), 404, "not_found", "malformed id");
  check_error(api.get(sessions_path("00000000-0000-4000-8000-000000000000"), admin.token), 404, "not_found",
              "an unknown user");

  auto all = api.get(path, admin.token);
  BOOST_REQUIRE_MESSAGE(all.status == 200, all.body.dump());
  BOOST_REQUIRE_EQUAL(all.body["items"].size(), 3u);
  BOOST_TEST(all.body["next_cursor"].is_null());
  for (const auto& s : all.body["items"]) {
    BOOST_TEST((keys_of(s) == pg_e2e::session_keys));
    BOOST_TEST(s["user_id"] == me.id);
  }
  BOOST_TEST(all.body["items"][0]["created_at"] >= all.body["items"][2]["created_at"], "newest first");

  auto first = api.get(path + "?limit=2", me.token);
  BOOST_REQUIRE_MESSAGE(first.status == 200, first.body.dump());
  BOOST_REQUIRE_EQUAL(first.body["items"].size(), 2u);
  BOOST_REQUIRE(first.body["next_cursor"].is_string());
  login(me.email);  // a new session between pages comes first, so it cannot shift the next page
  auto rest = api.get(path + "?limit=2&cursor=" + test_env::url_encode(first.body["next_cursor"]), me.token);
  BOOST_REQUIRE_MESSAGE(rest.status == 200, rest.body.dump());
  BOOST_REQUIRE_EQUAL(rest.body["items"].size(), 1u);
  BOOST_TEST(rest.body["items"][0] == all.body["items"][2]);
  BOOST_TEST(rest.body["next_cursor"].is_null());

  const auto users_page = api.get("/api/v1/users?limit=1", admin.token).body["next_cursor"];
  BOOST_REQUIRE(users_page.is_string());
  check_error(api.get(path + "?cursor=" + test_env::url_encode(users_page), me.token), 400, "bad_request",
              "a cursor of another list");
  for (const char* q : {"limit=0", "limit=abc", "cursor=xyz", "sort=asc"})
    check_error(api.get(path + "?" + q, me.token), 400, "bad_request", q);

  BOOST_TEST(api.del("/api/v1/sessions/current", me.token).status == 204);
  BOOST_TEST(api.get(path, admin.token).body["items"].size() == 3u, "4 sessions, one logged out");
}

BOOST_AUTO_TEST_SUITE_END()
