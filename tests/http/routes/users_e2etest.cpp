// Users over HTTP (CONTRACT.md, "Users, sessions, configuration"): registration, reading,
// the admin list, PATCH and DELETE with their authorization matrix (anonymous, another user,
// self, admin) and every listed error. The real binary, the stack's PostgreSQL.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "pg_e2e.hpp"
#include "storage/postgres/session_store.hpp"
#include "support/clock_wait.hpp"

using nlohmann::json;
using pg_e2e::keys_of;
using test_env::check_error;
using test_env::check_invalid_field;

namespace {

const std::string unknown_id = "00000000-0000-4000-8000-000000000000";

std::string user_path(const std::string& id) { return "/api/v1/users/" + id; }

// Every user id on every page of GET /api/v1/users?limit=<limit>, in order.
std::vector<std::string> all_listed_ids(const test_env::api_client& api, const std::string& token, int limit) {
  std::vector<std::string> ids;
  std::string path = "/api/v1/users?limit=" + std::to_string(limit);
  for (int pages = 0; pages < 1000; ++pages) {
    auto r = api.get(path, token);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    for (const auto& u : r.body["items"])
      ids.push_back(u["id"]);
    if (r.body["next_cursor"].is_null())
      return ids;
    path = "/api/v1/users?limit=" + std::to_string(limit) + "&cursor=" + test_env::url_encode(r.body["next_cursor"]);
  }
  BOOST_FAIL("the list never ended");
  return ids;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(users_e2e, pg_e2e::fixture)

BOOST_AUTO_TEST_CASE(register_normalizes_the_email_never_shows_the_password_and_refuses_a_taken_email) {
  const auto email = fresh_email();
  std::string shouted = email;
  std::transform(shouted.begin(), shouted.end(), shouted.begin(), ::toupper);
  auto r = api.post("/api/v1/users", {{"email", "  " + shouted + " "}, {"password", "p4ssw0rd!"}, {"full_name", " Ada "}});
  BOOST_REQUIRE_MESSAGE(r.status == 201, r.body.dump());
  registered_ids.push_back(r.body["id"]);
  BOOST_TEST((keys_of(r.body) == pg_e2e::user_keys));
  BOOST_TEST(r.body["email"] == email);
  BOOST_TEST(r.body["full_name"] == "Ada");
  BOOST_TEST(r.body["role"] == "user");
  BOOST_TEST(r.body["is_active"] == true);
  BOOST_TEST(r.header("Location") == user_path(r.body["id"]));
  BOOST_TEST(r.body.dump().find("p4ssw0rd") == std::string::npos);
  BOOST_TEST(r.body.dump().find("argon2") == std::string::npos);

  auto again = api.post("/api/v1/users", {{"email", shouted}, {"password", "another-one"}, {"full_name", "Eve"}});
  check_error(again, 409, "conflict", "the same email in other case");
}

BOOST_AUTO_TEST_CASE(register_reports_every_broken_field_and_refuses_what_is_not_json) {
  auto r = api.post("/api/v1/users", {{"email", "not-an-address"}, {"password", "short"}, {"full_name", ""}});
  check_error(r, 422, "validation_failed");
  for (const char* f : {"email", "password", "full_name"})
    check_invalid_field(r, f, f);
  check_invalid_field(api.post("/api/v1/users", json::object()), "full_name", "all missing");
  BOOST_TEST(test_env::detail_fields(api.post("/api/v1/users", json::object()).body).size() == 3u);
  auto mass = api.post("/api/v1/users", {{"email", fresh_email()}, {"password", "long enough"}, {"full_name", "M"},
                                         {"role", "admin"}});
  check_invalid_field(mass, "role", "no mass assignment");
  check_invalid_field(api.post("/api/v1/users", json::array()), "", "not an object");
  check_error(api.send("POST", "/api/v1/users", "{\"email\":", "application/json"), 400, "malformed_json");
  check_error(api.send("POST", "/api/v1/users", "email=a", "text/plain"), 415, "unsupported_media_type");
  const std::string big = "{\"full_name\": \"" + std::string((1 << 20) + 10, 'x') + "\"}";
  check_error(api.send("POST", "/api/v1/users", big, "application/json"), 413, "payload_too_large");
}

BOOST_AUTO_TEST_CASE(any_user_reads_a_user_malformed_or_unknown_ids_are_404) {
  const auto a = registered();
  const auto b = auth.user();
  auto r = api.get(user_path(a.id), b.token);
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  BOOST_TEST((keys_of(r.body) == pg_e2e::user_keys));
  BOOST_TEST(r.body["email"] == a.email);
  std::string upper = a.id;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  BOOST_TEST(api.get(user_path(upper), b.token).body["id"] == a.id);
  check_error(api.get(user_path(a.id)), 401, "unauthenticated", "anonymous");
  check_error(api.get(user_path(a.id), "garbage"), 401, "unauthenticated", "garbage token");
  check_error(api.get(user_path("not-a-uuid"), b.token), 404, "not_found", "malformed id");
  check_error(api.get(user_path(unknown_id), b.token), 404, "not_found", "unknown id");
}

BOOST_AUTO_TEST_CASE(the_admin_list_filters_by_email_and_pages_newest_first_without_repeats) {
  const auto admin = auth.admin();
  const auto user = auth.user();
  std::vector<std::string> mine;
  for (int i = 0; i < 3; ++i)
    mine.push_back(register_user(fresh_email())["id"]);
  check_error(api.get("/api/v1/users"), 401, "unauthenticated", "anonymous");
  check_error(api.get("/api/v1/users", user.token), 403, "forbidden", "plain user");

  const auto email = api.get(user_path(mine[1]), admin.token).body["email"].get<std::string>();
  auto filtered = api.get("/api/v1/users?email=" + test_env::url_encode(" " + email + " "), admin.token);
  BOOST_REQUIRE_MESSAGE(filtered.status == 200, filtered.body.dump());
  BOOST_REQUIRE_EQUAL(filtered.body["items"].size(), 1u);
  BOOST_TEST(filtered.body["items"][0]["id"] == mine[1]);
  BOOST_TEST(filtered.body["next_cursor"].is_null());
  BOOST_TEST((keys_of(filtered.body["items"][0]) == pg_e2e::user_keys));

  // A page of 2, a new user, the next page: nothing repeated. Then the whole table (the stack
  // may hold seed data) in pages of 100: no repeats, and ours newest first.
  auto first = api.get("/api/v1/users?limit=2", admin.token);
  BOOST_REQUIRE(first.status == 200);
  BOOST_TEST(first.body["items"].size() == 2u);
  BOOST_REQUIRE(first.body["next_cursor"].is_string());
  const auto late = register_user(fresh_email())["id"].get<std::string>();  // added between pages
  auto ids = all_listed_ids(api, admin.token, 100);
  BOOST_TEST(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size(), "no user is listed twice");
  auto pos = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
  BOOST_TEST(pos(late) < pos(mine[2]));
  BOOST_TEST(pos(mine[2]) < pos(mine[1]));
  BOOST_TEST(pos(mine[1]) < pos(mine[0]));
  BOOST_TEST(pos(mine[0]) < static_cast<long>(ids.size()));
  auto next = api.get("/api/v1/users?limit=2&cursor=" + test_env::url_encode(first.body["next_cursor"]), admin.token);
  BOOST_REQUIRE(next.status == 200);
  for (const auto& u : next.body["items"])
    for (const auto& seen : first.body["items"])
      BOOST_TEST(u["id"] != seen["id"]);

  for (const char* q : {"limit=0", "limit=101", "limit=x", "limit=1&limit=2", "colour=red", "cursor=garbage", "email="})
    check_error(api.get(std::string("/api/v1/users?") + q, admin.token), 400, "bad_request", q);
}

BOOST_AUTO_TEST_CASE(patch_by_self_and_admin_only_admins_set_role_and_is_active) {
  const auto me = registered();
  const auto other = auth.user();
  const auto admin = auth.admin();
  const auto path = user_path(me.id);
  check_error(api.patch(path, {{"full_name", "X"}}), 401, "unauthenticated", "anonymous");
  check_error(api.patch(path, {{"full_name", "X"}}, other.token), 403, "forbidden", "another user");
  check_error(api.patch(user_path("nope"), {{"full_name", "X"}}, me.token), 404, "not_found", "malformed id");
  check_error(api.patch(path, {{"role", "admin"}}, me.token), 403, "forbidden", "self promotion");
  check_error(api.patch(path, {{"is_active", true}}, me.token), 403, "forbidden", "self is_active");

  const auto before = api.get(path, me.token).body;
  BOOST_REQUIRE(before.is_object());
  // Stamps are milliseconds: once the clock has passed the last one, a change must move it.
  test_env::wait_for_clock_past(before["updated_at"]);
  auto self = api.patch(path, {{"full_name", "  New Name "}}, me.token);
  BOOST_REQUIRE_MESSAGE(self.status == 200, self.body.dump());
  BOOST_TEST(self.body["full_name"] == "New Name");
  BOOST_TEST(self.body["created_at"] == before["created_at"]);
  BOOST_TEST(self.body["updated_at"] > before["updated_at"], "a change moves updated_at");
  test_env::wait_for_clock_past(self.body["updated_at"]);
  BOOST_TEST(api.patch(path, json::object(), me.token).body == self.body, "an empty patch changes nothing");
  BOOST_TEST(api.patch(path, {{"full_name", "New Name"}}, me.token).body == self.body,
             "the same value changes nothing, updated_at included");

  // A change of role revokes every session of the user (CONTRACT.md): the old token is dead,
  // a new login carries the new role.
  auto promoted = api.patch(path, {{"role", "admin"}, {"full_name", "Boss"}}, admin.token);
  BOOST_REQUIRE_MESSAGE(promoted.status == 200, promoted.body.dump());
  BOOST_TEST(promoted.body["role"] == "admin");
  check_error(api.get("/api/v1/sessions/current", me.token), 401, "unauthenticated", "the token before promotion");
  const auto boss = login(me.email);
  BOOST_TEST(api.get("/api/v1/users?limit=1", boss).status == 200, "the new role holds at once");

  auto broken = api.patch(path, {{"email", "bad"}, {"password", "short"}, {"full_name", ""}, {"role", "root"},
                                 {"id", me.id}, {"current_password", ""}}, boss);
  for (const char* f : {"email", "password", "full_name", "role", "id", "current_password"})
    check_invalid_field(broken, f, f);
  check_error(api.send("PATCH", path, "{", "application/json", boss), 400, "malformed_json");
  check_error(api.send("PATCH", path, "{}", "text/plain", boss), 415, "unsupported_media_type");
}

// Changing one's own email or password needs current_password: missing, 422; wrong, 403; and
// neither changes anything. An admin changing another user needs none.
BOOST_AUTO_TEST_CASE(patch_email_and_password_need_the_current_password) {
  const auto me = registered();
  const auto taken = registered();
  const auto path = user_path(me.id);
  const auto email = fresh_email();
  std::string upper = email;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  const json change = {{"email", upper}, {"password", "a brand new secret"}};

  for (const json& c : {json{{"email", email}}, json{{"password", "a brand new secret"}}, change}) {
    auto missing = api.patch(path, c, me.token);
    check_invalid_field(missing, "current_password", "missing: " + c.dump());
    BOOST_TEST(test_env::detail_fields(missing.body).size() == 1u, missing.body.dump());
  }
  auto with = [&](const std::string& current) {
    auto body = change;
    body["current_password"] = current;
    return body;
  };
  check_error(api.patch(path, with("not my password"), me.token), 403, "forbidden", "a wrong current password");
  BOOST_TEST(api.get(path, me.token).body["email"] == me.email, "nothing changed");
  BOOST_TEST(!login(me.email, me.password).empty(), "the old password still works");
  check_error(api.patch(path, {{"email", taken.email}, {"current_password", me.password}}, me.token), 409, "conflict",
              "taken email");

  auto r = api.patch(path, with(me.password), me.token);
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  BOOST_TEST(r.body["email"] == email);
  check_error(api.post("/api/v1/sessions", {{"email", email}, {"password", me.password}}), 401, "unauthenticated",
              "the old password");
  BOOST_TEST(!login(email, "a brand new secret").empty());

  const auto admin = auth.admin();
  const auto by_admin = fresh_email();
  auto reset = api.patch(path, {{"email", by_admin}, {"password", "set by the admin"}}, admin.token);
  BOOST_REQUIRE_MESSAGE(reset.status == 200, reset.body.dump());
  BOOST_TEST(reset.body["email"] == by_admin);
  BOOST_TEST(!login(by_admin, "set by the admin").empty());
}

BOOST_AUTO_TEST_CASE(a_new_password_ends_the_other_sessions_and_an_admin_reset_ends_all) {
  const auto me = registered();  // me.token: one session
  const auto laptop = login(me.email, me.password);
  const auto phone = login(me.email, me.password);
  BOOST_REQUIRE(!laptop.empty() && !phone.empty());
  BOOST_REQUIRE(api.get("/api/v1/sessions/current", phone).status == 200);  // cached as valid
  auto r = api.patch(user_path(me.id), {{"password", "changed on the laptop"}, {"current_password", me.password}},
                     laptop);
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  BOOST_TEST(api.get("/api/v1/sessions/current", laptop).status == 200, "the changing session stays");
  check_error(api.get("/api/v1/sessions/current", phone), 401, "unauthenticated", "another session");
  check_error(api.get("/api/v1/sessions/current", me.token), 401, "unauthenticated", "the first session");
  auto left = storage::list_active_sessions(*pg, me.id);
  BOOST_REQUIRE_MESSAGE(left.is_ok(), left.get_status().to_string());
  BOOST_TEST(left->size() == 1u, "only the laptop's row is left in PostgreSQL");

  const auto admin = auth.admin();
  r = api.patch(user_path(me.id), {{"password", "reset by the admin"}}, admin.token);
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  check_error(api.get("/api/v1/sessions/current", laptop), 401, "unauthenticated", "after an admin reset");
  BOOST_TEST(api.get("/api/v1/sessions/current", admin.token).status == 200, "the admin's own session stays");
  BOOST_TEST(!login(me.email, "reset by the admin").empty());
  // Other changes leave sessions alone.
  const auto again = login(me.email, "reset by the admin");
  BOOST_REQUIRE(api.patch(user_path(me.id), {{"full_name", "Renamed"}}, again).status == 200);
  BOOST_TEST(api.get("/api/v1/sessions/current", again).status == 200);
}

// A deactivation revokes every session (rows gone from PostgreSQL, cache forgotten): after a
// reactivation the old tokens stay dead, and only a new login works.
BOOST_AUTO_TEST_CASE(deactivation_by_an_admin_ends_every_session_for_good) {
  const auto me = registered();
  const auto second = login(me.email);
  const auto admin = auth.admin();
  for (const auto& t : {me.token, second})  // both validated, so this instance caches them
    BOOST_REQUIRE(api.get("/api/v1/sessions/current", t).status == 200);
  auto r = api.patch(user_path(me.id), {{"is_active", false}}, admin.token);
  BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  BOOST_TEST(r.body["is_active"] == false);
  for (const auto& t : {me.token, second})
    check_error(api.get("/api/v1/sessions/current", t), 401, "unauthenticated", "token of a deactivated user");
  auto left = storage::list_active_sessions(*pg, me.id);
  BOOST_REQUIRE_MESSAGE(left.is_ok(), left.get_status().to_string());
  BOOST_TEST(left->empty(), "no session row is left");
  auto login_attempt = api.post("/api/v1/sessions", {{"email", me.email}, {"password", me.password}});
  auto wrong = api.post("/api/v1/sessions", {{"email", me.email}, {"password", "wrong password"}});
  check_error(login_attempt, 401, "unauthenticated", "login of a deactivated user");
  BOOST_TEST(login_attempt.body["error"]["message"] == wrong.body["error"]["message"]);

  auto back = api.patch(user_path(me.id), {{"is_active", true}}, admin.token);
  BOOST_REQUIRE_MESSAGE(back.status == 200, back.body.dump());
  BOOST_TEST(back.body["is_active"] == true);
  for (const auto& t : {me.token, second})
    check_error(api.get("/api/v1/sessions/current", t), 401, "unauthenticated", "an old token after reactivation");
  const auto fresh = login(me.email);
  BOOST_TEST(api.get("/api/v1/sessions/current", fresh).status == 200, "a new login works again");
}

// Promotion and demotion each end every session of the user, the changing admin's own too when
// admins demote themselves; setting the role a user already has is no change and ends none.
BOOST_AUTO_TEST_CASE(a_change_of_role_ends_every_session_of_the_user) {
  const auto me = registered();
  const auto second = login(me.email);
  const auto admin = auth.admin();
  for (const auto& t : {me.token, second})
    BOOST_REQUIRE(api.get("/api/v1/sessions/current", t).status == 200);
  auto same = api.patch(user_path(me.id), {{"role", "user"}}, admin.token);
  BOOST_REQUIRE_MESSAGE(same.status == 200, same.body.dump());
  for (const auto& t : {me.token, second})
    BOOST_TEST(api.get("/api/v1/sessions/current", t).status == 200, "the same role is no change");

  BOOST_REQUIRE(api.patch(user_path(me.id), {{"role", "admin"}}, admin.token).status == 200);
  for (const auto& t : {me.token, second})
    check_error(api.get("/api/v1/sessions/current", t), 401, "unauthenticated", "after the promotion");
  const auto as_admin = login(me.email);
  BOOST_TEST(api.get("/api/v1/users?limit=1", as_admin).status == 200, "a new login is an admin");

  BOOST_REQUIRE(api.patch(user_path(me.id), {{"role", "user"}}, admin.token).status == 200);
  check_error(api.get("/api/v1/sessions/current", as_admin), 401, "unauthenticated", "after the demotion");
  const auto as_user = login(me.email);
  check_error(api.get("/api/v1/users?limit=1", as_user), 403, "forbidden", "a new login is a plain user again");
  BOOST_TEST(api.get("/api/v1/sessions/current", admin.token).status == 200, "the acting admin's session stays");
}

BOOST_AUTO_TEST_CASE(delete_by_self_or_admin_takes_the_sessions_with_it) {
  const auto me = registered();
  const auto victim = registered();
  const auto other = auth.user();
  const auto admin = auth.admin();
  check_error(api.del(user_path(me.id)), 401, "unauthenticated", "anonymous");
  check_error(api.del(user_path(me.id), other.token), 403, "forbidden", "another user");
  check_error(api.del(user_path("nope"), me.token), 404, "not_found", "malformed id");
  check_error(api.del(user_path(unknown_id), admin.token), 404, "not_found", "unknown id");

  auto self = api.del(user_path(me.id), me.token);
  BOOST_TEST(self.status == 204, self.body.dump());
  check_error(api.get("/api/v1/sessions/current", me.token), 401, "unauthenticated", "the deleted user's token");
  check_error(api.get(user_path(me.id), admin.token), 404, "not_found", "deleted");
  check_error(api.post("/api/v1/sessions", {{"email", me.email}, {"password", me.password}}), 401, "unauthenticated");

  BOOST_TEST(api.del(user_path(victim.id), admin.token).status == 204);
  check_error(api.get("/api/v1/sessions/current", victim.token), 401, "unauthenticated", "victim's token");
  check_error(api.del(user_path(victim.id), admin.token), 404, "not_found", "deleted twice");
}

BOOST_AUTO_TEST_SUITE_END()
