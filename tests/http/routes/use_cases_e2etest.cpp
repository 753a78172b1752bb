// Industrial use cases over HTTP (CONTRACT.md, "Profiles, forum, use cases"), with the near
// search, against the real binary and the stack's stores.
#include <boost/test/unit_test.hpp>

#include <set>

#include "support/auth_fixture.hpp"

using nlohmann::json;
using test_env::check_error;
using test_env::check_invalid_field;

namespace {

const std::string use_cases_path = "/api/v1/use-cases";
std::string use_case_path(const std::string& id) { return use_cases_path + "/" + id; }

json use_case_body(const std::string& industry, const std::string& title, double lat, double lng,
                   const std::string& city = "Berlin") {
  return {{"title", title},
          {"description", "Predictive maintenance on a press line"},
          {"industry", industry},
          {"tags", {"predictive-maintenance"}},
          {"location", {{"lat", lat}, {"lng", lng}, {"city", city}, {"country", "DE"}}}};
}

std::vector<std::string> titles_of(const json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"])
    out.push_back(item["title"].get<std::string>());
  return out;
}

struct use_case_fixture : test_env::api_fixture {
  std::string make(const std::string& token, const json& body) {
    auto r = api.post(use_cases_path, body, token);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return r.body["id"].get<std::string>();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(use_cases_e2e, use_case_fixture)

BOOST_AUTO_TEST_CASE(a_created_use_case_has_the_contract_shape_and_any_user_reads_it) {
  const auto ada = auth.user();
  const auto bob = auth.user();
  auto body = use_case_body(auth.run_id(), "Press line", 52.52, 13.405);
  body["location"].erase("country");
  auto r = api.post(use_cases_path, body, ada.token);
  BOOST_TEST(r.status == 201, r.body.dump());
  std::set<std::string> keys;
  for (const auto& [k, v] : r.body.items())
    keys.insert(k);
  BOOST_TEST(keys == (std::set<std::string>{"id", "submitted_by", "title", "description", "industry", "tags",
                                            "location", "created_at", "updated_at"}));
  BOOST_TEST(r.body["submitted_by"] == ada.id);
  BOOST_TEST(r.header("Location") == use_case_path(r.body["id"].get<std::string>()));
  BOOST_TEST(r.body["location"] == json({{"lat", 52.52}, {"lng", 13.405}, {"city", "Berlin"}, {"country", nullptr}}));
  BOOST_TEST(r.body["tags"] == json({"predictive-maintenance"}));
  BOOST_TEST(api.get(use_case_path(r.body["id"].get<std::string>()), bob.token).body == r.body);
  check_error(api.get(use_case_path(r.body["id"].get<std::string>())), 401, "unauthenticated");
}

BOOST_AUTO_TEST_CASE(bad_bodies_are_415_400_or_422_and_never_a_query) {
  const auto ada = auth.user();
  const auto good = use_case_body(auth.run_id(), "Press line", 52.52, 13.405);
  check_error(api.post(use_cases_path, good), 401, "unauthenticated");
  check_error(api.send("POST", use_cases_path, good.dump(), "text/plain", ada.token), 415, "unsupported_media_type");
  check_error(api.send("POST", use_cases_path, "[1,", "application/json", ada.token), 400, "malformed_json");
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"location", {{"lat", 1}, {"lng", 2}, {"$where", "x"}}}}, "location.$where"},
      {{{"location", "Berlin"}}, "location"},
      {{{"location", {{"lat", 91}, {"lng", 2}}}}, "location.lat"},
      {{{"location", {{"lat", "52.5"}, {"lng", 2}}}}, "location.lat"},
      {{{"location", {{"lat", 1}}}}, "location.lng"},
      {{{"title", {{"$gt", ""}}}}, "title"},
      {{{"tags", json::array({{{"$ne", 1}}})}}, "tags[0]"},
      {{{"submitted_by", ada.id}}, "submitted_by"},
      {{{"industry", json::array()}}, "industry"},
      {{{"description", ""}}, "description"},
  };
  for (const auto& [patch, field] : cases) {
    auto body = good;
    body.update(patch);
    check_invalid_field(api.post(use_cases_path, body, ada.token), field, patch.dump());
  }
  BOOST_TEST(api.get(use_cases_path + "?industry=" + auth.run_id(), ada.token).body["items"] == json::array());
}

BOOST_AUTO_TEST_CASE(only_the_submitter_or_an_admin_changes_or_deletes_it) {
  const auto owner = auth.user();
  const auto other = auth.user();
  const auto admin = auth.admin();
  const auto id = make(owner.token, use_case_body(auth.run_id(), "Press line", 52.52, 13.405));
  const json change = {{"title", "Changed title"}};
  check_error(api.patch(use_case_path(id), change), 401, "unauthenticated", "anonymous PATCH");
  check_error(api.patch(use_case_path(id), change, other.token), 403, "forbidden", "other PATCH");
  check_error(api.del(use_case_path(id)), 401, "unauthenticated", "anonymous DELETE");
  check_error(api.del(use_case_path(id), other.token), 403, "forbidden", "other DELETE");
  BOOST_TEST(api.get(use_case_path(id), other.token).body["title"] == "Press line");
  BOOST_TEST(api.patch(use_case_path(id), change, owner.token).body["title"] == "Changed title");
  auto by_admin = api.patch(use_case_path(id), {{"industry", "Energy"}}, admin.token);
  BOOST_TEST(by_admin.body["industry"] == "Energy");
  BOOST_TEST(by_admin.body["submitted_by"] == owner.id);
  BOOST_TEST(api.del(use_case_path(id), owner.token).status == 204);
  check_error(api.get(use_case_path(id), owner.token), 404, "not_found", "deleted by its owner");
  const auto second = make(owner.token, use_case_body(auth.run_id(), "Second", 52.52, 13.405));
  BOOST_TEST(api.del(use_case_path(second), admin.token).status == 204);
  check_error(api.get(use_case_path(second), owner.token), 404, "not_found", "deleted by an admin");
  for (const auto& bad : {std::string("nope"), std::string("0123456789abcdef01234567"), id}) {
    check_error(api.get(use_case_path(bad), owner.token), 404, "not_found", "GET " + bad);
    check_error(api.patch(use_case_path(bad), change, owner.token), 404, "not_found", "PATCH " + bad);
    check_error(api.del(use_case_path(bad), owner.token), 404, "not_found", "DELETE " + bad);
  }
}

BOOST_AUTO_TEST_CASE(patch_changes_only_what_is_sent_and_a_location_replaces_the_whole) {
  const auto ada = auth.user();
  const auto id = make(ada.token, use_case_body(auth.run_id(), "Press line", 52.52, 13.405));
  const auto before = api.get(use_case_path(id), ada.token).body;
  BOOST_TEST(api.patch(use_case_path(id), json::object(), ada.token).body == before, "an empty patch");
  auto moved = api.patch(use_case_path(id), {{"location", {{"lat", 48.1351}, {"lng", 11.582}}}}, ada.token);
  BOOST_TEST(moved.status == 200);
  BOOST_TEST(moved.body["location"] == json({{"lat", 48.1351}, {"lng", 11.582}, {"city", nullptr}, {"country", nullptr}}));
  BOOST_TEST(moved.body["title"] == before["title"]);
  check_invalid_field(api.patch(use_case_path(id), {{"location", {{"lat", 1}}}}, ada.token), "location.lng");
  check_invalid_field(api.patch(use_case_path(id), {{"title", nullptr}}, ada.token), "title");
  check_invalid_field(api.patch(use_case_path(id), {{"tags", {{"$ne", 1}}}}, ada.token), "tags");
  check_error(api.send("PATCH", use_case_path(id), "{}", "text/plain", ada.token), 415, "unsupported_media_type");
  BOOST_TEST(api.get(use_case_path(id), ada.token).body == moved.body);
}

BOOST_AUTO_TEST_CASE(near_search_sorts_by_distance_and_reports_it) {
  const auto ada = auth.user();
  const auto industry = auth.run_id();
  make(ada.token, use_case_body(industry, "Munich", 48.1351, 11.582, "Munich"));
  make(ada.token, use_case_body(industry, "Berlin", 52.52, 13.405));
  auto potsdam = use_case_body(industry, "Potsdam", 52.3906, 13.0645, "Potsdam");
  potsdam["tags"] = {"film"};
  make(ada.token, potsdam);
  const std::string base = use_cases_path + "?industry=" + industry + "&near=52.52,13.405";

  auto close = api.get(base + "&radius_km=50", ada.token);
  BOOST_TEST(close.status == 200, close.body.dump());
  BOOST_TEST(titles_of(close.body) == (std::vector<std::string>{"Berlin", "Potsdam"}));
  BOOST_TEST(close.body["next_cursor"].is_null());
  BOOST_REQUIRE(close.body["items"].size() == 2u);
  BOOST_TEST(close.body["items"][0]["distance_km"].get<double>() == 0.0);
  const double to_potsdam = close.body["items"][1]["distance_km"].get<double>();
  BOOST_TEST((to_potsdam > 25 && to_potsdam < 30), to_potsdam);

  auto far = api.get(base + "&radius_km=600", ada.token);
  BOOST_TEST(titles_of(far.body) == (std::vector<std::string>{"Berlin", "Potsdam", "Munich"}));
  const double to_munich = far.body["items"][2]["distance_km"].get<double>();
  BOOST_TEST((to_munich > 490 && to_munich < 515), to_munich);
  BOOST_TEST(titles_of(api.get(base, ada.token).body) == (std::vector<std::string>{"Berlin", "Potsdam"}),
             "the default radius is 50 km");
  BOOST_TEST(titles_of(api.get(base + "&radius_km=600&limit=1", ada.token).body) == std::vector<std::string>{"Berlin"});
  BOOST_TEST(titles_of(api.get(base + "&radius_km=600&tag=film", ada.token).body) == std::vector<std::string>{"Potsdam"});
  BOOST_TEST(api.get(base + "&radius_km=1", ada.token).body["items"].size() == 1u);
  // Without near: newest first, no distance.
  auto plain = api.get(use_cases_path + "?industry=" + industry, ada.token);
  BOOST_TEST(titles_of(plain.body) == (std::vector<std::string>{"Potsdam", "Berlin", "Munich"}));
  BOOST_TEST(!plain.body["items"][0].contains("distance_km"));
  // near answers one page: a cursor of the plain list is refused.
  const auto cursor = api.get(use_cases_path + "?limit=1&industry=" + industry, ada.token).body["next_cursor"];
  BOOST_REQUIRE(cursor.is_string());
  auto with_cursor = api.get(base + "&cursor=" + test_env::url_encode(cursor.get<std::string>()), ada.token);
  check_error(with_cursor, 400, "bad_request", "cursor with near");
  BOOST_TEST(test_env::detail_fields(with_cursor.body) == std::vector<std::string>{"cursor"});
}

BOOST_AUTO_TEST_CASE(pages_never_repeat_or_skip_while_use_cases_are_added) {
  const auto ada = auth.user();
  const auto industry = auth.run_id() + "-paging";
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i)
    made.insert(made.begin(), make(ada.token, use_case_body(industry, "Case " + std::to_string(i), 50, 10)));
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = api.get(use_cases_path + "?limit=2&industry=" + industry +
                         (cursor.empty() ? "" : "&cursor=" + test_env::url_encode(cursor)),
                     ada.token);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    for (const auto& item : r.body["items"])
      seen.push_back(item["id"].get<std::string>());
    make(ada.token, use_case_body(industry, "Added between pages", 50, 10));
    if (r.body["next_cursor"].is_null())
      break;
    cursor = r.body["next_cursor"].get<std::string>();
  }
  BOOST_TEST(seen == made);
}

BOOST_AUTO_TEST_CASE(bad_list_queries_are_400) {
  const auto ada = auth.user();
  check_error(api.get(use_cases_path), 401, "unauthenticated");
  for (const std::string q : {"near=abc", "near=91,0", "near=52.5", "near=52.5,181", "near=52.5,13&radius_km=0",
                              "near=52.5,13&radius_km=20001", "near=52.5,13&radius_km=x", "radius_km=10",
                              "limit=0", "limit=101", "cursor=garbage", "tag=Bad_Tag",
                              "industry=", "colour=red"})
    check_error(api.get(use_cases_path + "?" + q, ada.token), 400, "bad_request", q);
}

BOOST_AUTO_TEST_SUITE_END()
