// System configuration over HTTP (CONTRACT.md, "Users, sessions, configuration"): admin only;
// PUT creates (201) then replaces (200); values are any JSON; keys outside ^[a-z0-9_.-]{1,64}$
// are 404; the list pages by key. The real binary, the stack's PostgreSQL.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "pg_e2e.hpp"
#include "support/clock_wait.hpp"

using nlohmann::json;
using pg_e2e::keys_of;
using test_env::check_error;
using test_env::check_invalid_field;

namespace {

// Entries under a prefix unique to the run, deleted at the end.
struct configs_fixture : pg_e2e::fixture {
  test_env::test_user admin = auth.admin();
  std::string prefix = "pgapi." + auth.run_id() + ".";
  std::vector<std::string> keys;

  ~configs_fixture() {
    for (const auto& k : keys)
      (void)api.del(path(k), admin.token);
  }

  static std::string path(const std::string& key) { return "/api/v1/configs/" + key; }
  std::string key(const std::string& name) {
    keys.push_back(prefix + name);
    return keys.back();
  }
  test_env::api_response put(const std::string& k, const json& body) { return api.put(path(k), body, admin.token); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(configs_e2e, configs_fixture)

BOOST_AUTO_TEST_CASE(only_admins_read_or_write_configuration) {
  const auto k = key("guarded");
  BOOST_REQUIRE_EQUAL(put(k, {{"value", 1}}).status, 201);
  const auto user = auth.user();
  const json body = {{"value", 2}};
  for (const auto& token : {std::string(), std::string("garbage"), user.token}) {
    const int status = token == user.token ? 403 : 401;
    const std::string code = status == 403 ? "forbidden" : "unauthenticated";
    check_error(api.get("/api/v1/configs", token), status, code, "list " + code);
    check_error(api.get(path(k), token), status, code, "get " + code);
    check_error(api.put(path(k), body, token), status, code, "put " + code);
    check_error(api.del(path(k), token), status, code, "delete " + code);
  }
  BOOST_TEST(api.get(path(k), admin.token).body["value"] == 1, "nothing changed");
}

BOOST_AUTO_TEST_CASE(put_creates_with_201_then_replaces_with_200_and_keeps_the_description) {
  const auto k = key("limits");
  auto created = put(k, {{"value", {{"max", 10}, {"tags", {"a", "b"}}}}, {"description", "upload limits"}});
  BOOST_REQUIRE_MESSAGE(created.status == 201, created.body.dump());
  BOOST_TEST((keys_of(created.body) == std::set<std::string>{"key", "value", "description", "created_at", "updated_at"}));
  BOOST_TEST(created.body["key"] == k);
  BOOST_TEST(created.body["value"] == json({{"max", 10}, {"tags", {"a", "b"}}}));
  BOOST_TEST(created.body["description"] == "upload limits");

  // Stamps are milliseconds: once the clock has passed the first one, a replacement's is later.
  test_env::wait_for_clock_past(created.body["updated_at"]);
  auto replaced = put(k, {{"value", 42}});
  BOOST_REQUIRE_MESSAGE(replaced.status == 200, replaced.body.dump());
  BOOST_TEST(replaced.body["value"] == 42);
  BOOST_TEST(replaced.body["description"] == "upload limits", "absent keeps the description");
  BOOST_TEST(replaced.body["created_at"] == created.body["created_at"]);
  BOOST_TEST(replaced.body["updated_at"] > created.body["updated_at"], "a replacement moves updated_at");
  BOOST_TEST(api.get(path(k), admin.token).body == replaced.body);

  for (const json& v : {json("text"), json(true), json(nullptr), json::array({1, "x", nullptr}), json(-1.5)}) {
    auto r = put(k, {{"value", v}});
    BOOST_TEST(r.status == 200, v.dump());
    BOOST_TEST(api.get(path(k), admin.token).body["value"] == v, v.dump());
  }
  auto fresh = put(key("bare"), {{"value", "x"}});
  BOOST_TEST(fresh.status == 201);
  BOOST_TEST(fresh.body["description"].is_null());
}

BOOST_AUTO_TEST_CASE(keys_outside_the_rule_are_404_and_bodies_are_checked) {
  for (const std::string& bad : std::vector<std::string>{"Upper", "has%20space", std::string(65, 'a'), "caf%C3%A9", "a%2Fb"}) {
    check_error(api.get(path(bad), admin.token), 404, "not_found", "get " + bad);
    check_error(api.put(path(bad), {{"value", 1}}, admin.token), 404, "not_found", "put " + bad);
    check_error(api.del(path(bad), admin.token), 404, "not_found", "delete " + bad);
  }
  const auto longest = key(std::string(64 - prefix.size(), 'z'));
  BOOST_TEST(put(longest, {{"value", 1}}).status == 201, "64 characters are fine");
  const auto k = key("checked");
  check_invalid_field(put(k, json::object()), "value", "value is required");
  auto broken = put(k, {{"value", 1}, {"description", std::string(501, 'd')}, {"owner", "me"}});
  check_invalid_field(broken, "description", "too long");
  check_invalid_field(broken, "owner", "unknown field");
  check_invalid_field(put(k, {{"value", 1}, {"description", 7}}), "description", "not text");
  check_error(api.send("PUT", path(k), "{\"value\": ", "application/json", admin.token), 400, "malformed_json");
  check_error(api.send("PUT", path(k), "{\"value\": 1}", "text/plain", admin.token), 415, "unsupported_media_type");
  const std::string big = "{\"value\": \"" + std::string((1 << 20) + 10, 'x') + "\"}";
  check_error(api.send("PUT", path(k), big, "application/json", admin.token), 413, "payload_too_large");
  check_error(api.get(path(k), admin.token), 404, "not_found", "nothing was stored");
}

BOOST_AUTO_TEST_CASE(delete_answers_204_then_the_key_is_gone) {
  const auto k = key("short.lived");
  BOOST_REQUIRE_EQUAL(put(k, {{"value", {1, 2}}}).status, 201);
  auto r = api.del(path(k), admin.token);
  BOOST_TEST(r.status == 204, r.body.dump());
  check_error(api.get(path(k), admin.token), 404, "not_found", "after delete");
  check_error(api.del(path(k), admin.token), 404, "not_found", "deleted twice");
  BOOST_TEST(put(k, {{"value", 3}}).status == 201, "a deleted key can be created again");
}

BOOST_AUTO_TEST_CASE(the_list_pages_by_key_without_repeats) {
  for (const char* name : {"list.c", "list.a", "list.b"})
    BOOST_REQUIRE_EQUAL(put(key(name), {{"value", name}}).status, 201);
  std::vector<std::string> listed;
  std::string cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    auto r = api.get("/api/v1/configs?limit=2" + (cursor.empty() ? "" : "&cursor=" + test_env::url_encode(cursor)),
                     admin.token);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    BOOST_TEST(r.body["items"].size() <= 2u);
    for (const auto& e : r.body["items"])
      listed.push_back(e["key"]);
    if (r.body["next_cursor"].is_null())
      break;
    cursor = r.body["next_cursor"];
    if (pages == 0)
      BOOST_REQUIRE_EQUAL(put(key("list.0"), {{"value", 0}}).status, 201);  // added between pages
  }
  BOOST_TEST(std::set<std::string>(listed.begin(), listed.end()).size() == listed.size(), "no key is listed twice");
  auto pos = [&](const char* name) { return std::find(listed.begin(), listed.end(), prefix + name) - listed.begin(); };
  BOOST_TEST(pos("list.a") < pos("list.b"));  // ordered by key
  BOOST_TEST(pos("list.b") < pos("list.c"));
  BOOST_TEST(pos("list.c") < static_cast<long>(listed.size()));

  auth.user();  // with the admin, two users: the users list has a second page
  const auto users_cursor = api.get("/api/v1/users?limit=1", admin.token).body["next_cursor"];
  BOOST_REQUIRE(users_cursor.is_string());
  check_error(api.get("/api/v1/configs?cursor=" + test_env::url_encode(users_cursor), admin.token), 400,
              "bad_request", "a cursor of another list");
  for (const char* q : {"limit=0", "limit=101", "cursor=", "prefix=pgapi"})
    check_error(api.get(std::string("/api/v1/configs?") + q, admin.token), 400, "bad_request", q);
}

BOOST_AUTO_TEST_SUITE_END()
