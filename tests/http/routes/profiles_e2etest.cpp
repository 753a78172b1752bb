// Member profiles over HTTP (CONTRACT.md, "Profiles, forum, use cases"), against the real
// binary and the stack's stores; also how every MongoDB endpoint behaves while FerretDB is down.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

#include "support/actor_fixture.hpp"
#include "support/auth_fixture.hpp"
#include "support/clock_wait.hpp"
#include "support/stack_control.hpp"

using nlohmann::json;
using test_env::check_error;
using test_env::check_invalid_field;

namespace {

std::string profile_path(const std::string& user_id) { return "/api/v1/users/" + user_id + "/profile"; }

json berlin_profile(const std::string& industry) {
  return {{"display_name", "Ada Berlin"},
          {"industry", industry},
          {"location", {{"lat", 52.52}, {"lng", 13.405}, {"city", "Berlin"}}},
          {"expertise", {"robotics", "opc-ua"}},
          {"bio", "Line one\nline two"}};
}

bool is_rfc3339_ms(const json& v) {
  static const std::regex form(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return v.is_string() && std::regex_match(v.get<std::string>(), form);
}

// Stops FerretDB for the test and always starts it again, even when an assertion fails.
struct ferretdb_stopped {
  ferretdb_stopped() {
    BOOST_REQUIRE_MESSAGE(test_env::stack("stop ferretdb") == 0,
                          "scripts/stack stop ferretdb failed");
  }
  ~ferretdb_stopped() { start(); }
  bool start() {
    if (!stopped_)
      return true;
    stopped_ = test_env::stack("start ferretdb") != 0;
    return !stopped_;
  }
  ferretdb_stopped(const ferretdb_stopped&) = delete;
  ferretdb_stopped& operator=(const ferretdb_stopped&) = delete;

private:
  bool stopped_ = true;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(profiles_e2e, test_env::api_fixture)

BOOST_AUTO_TEST_CASE(put_creates_then_replaces_and_any_user_reads_it) {
  const auto ada = auth.user();
  const auto other = auth.user();
  auto created = api.put(profile_path(ada.id), berlin_profile(auth.run_id()), ada.token);
  BOOST_TEST(created.status == 201, created.body.dump());
  BOOST_TEST(created.header("Location") == profile_path(ada.id));
  const auto& p = created.body;
  BOOST_TEST(p["user_id"] == ada.id);
  BOOST_TEST(p["display_name"] == "Ada Berlin");
  BOOST_TEST(p["industry"] == auth.run_id());
  BOOST_TEST(p["location"] == json({{"lat", 52.52}, {"lng", 13.405}, {"city", "Berlin"}, {"country", nullptr}}));
  BOOST_TEST(p["expertise"] == json({"robotics", "opc-ua"}));
  BOOST_TEST(p["bio"] == "Line one\nline two");
  BOOST_TEST(is_rfc3339_ms(p["created_at"]));
  BOOST_TEST(is_rfc3339_ms(p["updated_at"]));

  // Stamps are milliseconds: once the clock has passed the first one, the replacement's is later.
  test_env::wait_for_clock_past(p["updated_at"]);
  // A full replacement: what is not sent (location, bio, expertise) is gone.
  auto replaced = api.put(profile_path(ada.id), {{"display_name", "  Ada  "}, {"industry", "Energy"}}, ada.token);
  BOOST_TEST(replaced.status == 200, replaced.body.dump());
  BOOST_TEST(replaced.header("Location").empty());
  BOOST_TEST(replaced.body["display_name"] == "Ada");
  BOOST_TEST(replaced.body["location"].is_null());
  BOOST_TEST(replaced.body["bio"].is_null());
  BOOST_TEST(replaced.body["expertise"] == json::array());
  BOOST_TEST(replaced.body["created_at"] == p["created_at"]);
  BOOST_TEST(replaced.body["updated_at"].get<std::string>() > p["updated_at"].get<std::string>());

  auto read = api.get(profile_path(ada.id), other.token);
  BOOST_TEST(read.status == 200);
  BOOST_TEST(read.body == replaced.body);
  // Upper-case UUIDs name the same user.
  std::string upper = ada.id;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  BOOST_TEST(api.get(profile_path(upper), other.token).body == replaced.body);
}

BOOST_AUTO_TEST_CASE(only_the_user_itself_writes_its_profile) {
  const auto ada = auth.user();
  const auto other = auth.user();
  const auto admin = auth.admin();
  const auto body = berlin_profile(auth.run_id());
  check_error(api.put(profile_path(ada.id), body), 401, "unauthenticated", "anonymous");
  check_error(api.put(profile_path(ada.id), body, test_env::another_token(ada.token)), 401, "unauthenticated", "unknown token");
  check_error(api.put(profile_path(ada.id), body, other.token), 403, "forbidden", "other user");
  check_error(api.put(profile_path(ada.id), body, admin.token), 403, "forbidden", "admin is not self");
  check_error(api.get(profile_path(ada.id), other.token), 404, "not_found", "nothing was written");
  BOOST_TEST(api.put(profile_path(ada.id), body, ada.token).status == 201);
  check_error(api.get(profile_path(ada.id)), 401, "unauthenticated", "anonymous read");
}

BOOST_AUTO_TEST_CASE(malformed_and_unknown_user_ids_are_404) {
  const auto ada = auth.user();
  const auto body = berlin_profile(auth.run_id());
  for (const std::string id : {"not-a-uuid", "0123456789abcdef01234567", "00000000-0000-0000-0000-00000000000g"}) {
    check_error(api.put(profile_path(id), body, ada.token), 404, "not_found", "PUT " + id);
    check_error(api.get(profile_path(id), ada.token), 404, "not_found", "GET " + id);
  }
  check_error(api.get(profile_path("7d0b7f0e-0000-4000-8000-000000000000"), ada.token), 404, "not_found",
              "a user without a profile");
}

BOOST_AUTO_TEST_CASE(bad_bodies_are_415_400_or_422_with_every_field_named) {
  const auto ada = auth.user();
  const auto path = profile_path(ada.id);
  check_error(api.send("PUT", path, berlin_profile("x").dump(), "text/plain", ada.token), 415,
              "unsupported_media_type");
  check_error(api.send("PUT", path, "{\"display_name\": ", "application/json", ada.token), 400, "malformed_json");

  auto body = berlin_profile(auth.run_id());
  body["display_name"] = {{"$gt", ""}};
  check_invalid_field(api.put(path, body, ada.token), "display_name", "operator object as a string");
  body = berlin_profile(auth.run_id());
  body["location"]["$where"] = "x";
  check_invalid_field(api.put(path, body, ada.token), "location.$where", "operator key in location");
  body = berlin_profile(auth.run_id());
  body["expertise"] = json::array({{{"$ne", 1}}});
  check_invalid_field(api.put(path, body, ada.token), "expertise[0]", "operator in an array");
  body = berlin_profile(auth.run_id());
  body["user_id"] = ada.id;
  check_invalid_field(api.put(path, body, ada.token), "user_id", "unknown field");
  body = berlin_profile(auth.run_id());
  body["location"] = "Berlin";
  check_invalid_field(api.put(path, body, ada.token), "location", "string for an object");
  body["location"] = {{"lat", "52.5"}, {"lng", 200}};
  auto r = api.put(path, body, ada.token);
  check_invalid_field(r, "location.lat", "numeric string");
  check_invalid_field(r, "location.lng", "out of range");

  r = api.put(path, {{"industry", 5}, {"$set", {{"role", "admin"}}}}, ada.token);
  check_invalid_field(r, "display_name", "missing");
  check_invalid_field(r, "industry", "number for a string");
  check_invalid_field(r, "$set", "top-level operator");
  check_invalid_field(api.put(path, json::array(), ada.token), "", "an array body");
  check_error(api.get(path, ada.token), 404, "not_found", "no 4xx wrote a profile");
}

BOOST_AUTO_TEST_CASE(lists_filter_and_page_by_user_id) {
  auto people = auth.users(3);
  const auto viewer = auth.user();
  for (size_t i = 0; i < people.size(); ++i) {
    auto body = berlin_profile(auth.run_id());
    body["expertise"] = i == 1 ? json({"welding"}) : json({"robotics"});
    BOOST_TEST(api.put(profile_path(people[i].id), body, people[i].token).status == 201);
  }
  std::vector<std::string> expected;
  for (const auto& p : people)
    expected.push_back(p.id);
  std::sort(expected.begin(), expected.end());

  const std::string base = "/api/v1/profiles?industry=" + auth.run_id();
  auto first = api.get(base + "&limit=2", viewer.token);
  BOOST_TEST(first.status == 200, first.body.dump());
  BOOST_REQUIRE(first.body["items"].size() == 2u);
  BOOST_REQUIRE(first.body["next_cursor"].is_string());
  auto second = api.get(base + "&limit=2&cursor=" + test_env::url_encode(first.body["next_cursor"].get<std::string>()), viewer.token);
  BOOST_TEST(second.status == 200);
  BOOST_REQUIRE(second.body["items"].size() == 1u);
  BOOST_TEST(second.body["next_cursor"].is_null());
  std::vector<std::string> seen;
  for (const auto* page : {&first, &second})
    for (const auto& item : page->body["items"])
      seen.push_back(item["user_id"].get<std::string>());
  BOOST_TEST(seen == expected, "ordered by user_id, no repeats or gaps");

  auto welders = api.get(base + "&expertise=welding", viewer.token);
  BOOST_REQUIRE(welders.body["items"].size() == 1u);
  BOOST_TEST(welders.body["items"][0]["user_id"] == people[1].id);
  BOOST_TEST(api.get(base + "&expertise=nobody-knows", viewer.token).body["items"] == json::array());
}

BOOST_AUTO_TEST_CASE(bad_list_queries_are_400_and_anonymous_is_401) {
  const auto viewer = auth.user();
  check_error(api.get("/api/v1/profiles"), 401, "unauthenticated");
  for (const std::string q : {"limit=0", "limit=101", "limit=abc", "cursor=garbage", "industry=", "colour=red",
                              "industry=a&industry=b"})
    check_error(api.get("/api/v1/profiles?" + q, viewer.token), 400, "bad_request", q);
  // A cursor of another list does not open this one.
  const json post = {{"title", "cursor source"}, {"content", "x"}, {"category", auth.run_id()}};
  for (int i = 0; i < 2; ++i)
    BOOST_REQUIRE(api.post("/api/v1/forum/posts", post, viewer.token).status == 201);
  auto posts = api.get("/api/v1/forum/posts?limit=1&author_id=" + viewer.id, viewer.token);
  BOOST_REQUIRE(posts.body["next_cursor"].is_string());
  check_error(api.get("/api/v1/profiles?cursor=" + test_env::url_encode(posts.body["next_cursor"].get<std::string>()),
                      viewer.token),
              400, "bad_request", "a posts cursor");
}

BOOST_AUTO_TEST_CASE(with_mongodb_down_its_endpoints_answer_503_fast_and_live_stays_200,
                     *boost::unit_test::label("stops_stores")) {
  const auto ada = auth.user();
  BOOST_REQUIRE(api.put(profile_path(ada.id), berlin_profile(auth.run_id()), ada.token).status == 201);
  {
    ferretdb_stopped down;
    for (const auto& path : {profile_path(ada.id), std::string("/api/v1/forum/posts"),
                                   std::string("/api/v1/use-cases"), std::string("/api/v1/profiles")}) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = api.get(path, ada.token);
      const auto took = std::chrono::steady_clock::now() - t0;
      check_error(r, 503, "dependency_unavailable", path);
      BOOST_TEST(!r.header("Retry-After").empty(), path);
      BOOST_TEST(took < std::chrono::seconds(5), path << " took too long");
    }
    // PostgreSQL-only work and liveness go on: the token still authenticates, live answers.
    check_error(api.get(profile_path(ada.id)), 401, "unauthenticated", "auth still checked first");
    BOOST_TEST(api.get("/health/live").status == 200);
    BOOST_REQUIRE_MESSAGE(down.start(), "scripts/stack start ferretdb failed");
  }
  // The pool reconnects on its own.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  int status = 0;
  while (std::chrono::steady_clock::now() < until && (status = api.get(profile_path(ada.id), ada.token).status) != 200)
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  BOOST_TEST(status == 200, "MongoDB endpoints recover after FerretDB is back");
}

BOOST_AUTO_TEST_SUITE_END()
