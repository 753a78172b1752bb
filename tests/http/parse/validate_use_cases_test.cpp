#include <boost/test/unit_test.hpp>

#include <cmath>

#include "http/parse/validate_profiles.hpp"
#include "http/parse/validate_use_cases.hpp"
#include "validation_test_helpers.hpp"

using validation_test::check_cases;
using validation_test::field_case;
using validation_test::fields_of;
using validation_test::problem_on;
using validation_test::repeat;
using json = nlohmann::json;

namespace {

json valid_use_case() {
  return json::parse(R"({"title":"Predictive maintenance","description":"Vibration sensors",
      "industry":"manufacturing","tags":["iot","ml"],
      "location":{"lat":52.52,"lng":13.405,"city":"Berlin","country":"DE"}})");
}

json valid_profile() {
  return json::parse(R"({"display_name":"Ada","industry":"energy","expertise":["grids"]})");
}

// The problems of a use case whose location is `location`.
std::vector<http::field_problem> location_problems(const json& location) {
  auto body = valid_use_case();
  body["location"] = location;
  return http::parse_use_case_create(body).problems;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate_use_cases)

BOOST_AUTO_TEST_CASE(use_case_create_reads_every_field) {
  const auto r = http::parse_use_case_create(valid_use_case());
  BOOST_TEST(r.ok());
  BOOST_TEST(r.value.title == "Predictive maintenance");
  BOOST_TEST(r.value.industry == "manufacturing");
  BOOST_TEST((r.value.tags == std::vector<std::string>{"iot", "ml"}));
  BOOST_TEST(r.value.location.lat == 52.52);
  BOOST_TEST(r.value.location.lng == 13.405);
  BOOST_TEST(*r.value.location.city == "Berlin");
  BOOST_TEST(*r.value.location.country == "DE");
}

BOOST_AUTO_TEST_CASE(use_case_field_boundaries) {
  std::vector<std::string> eleven;
  for (int i = 0; i < 11; ++i)
    eleven.push_back("t" + std::to_string(i));
  const std::vector<field_case> cases{
      {"title 2", "title", "ab", false},
      {"title 3", "title", "abc", true},
      {"title 200", "title", repeat("t", 200), true},
      {"title 201", "title", repeat("t", 201), false},
      {"title injection", "title", json::parse(R"({"$gt":""})"), false},
      {"description 20000", "description", repeat("d", 20000), true},
      {"description 20001", "description", repeat("d", 20001), false},
      {"description empty", "description", "", false},
      {"industry 50", "industry", repeat("i", 50), true},
      {"industry 51", "industry", repeat("i", 51), false},
      {"tags 10", "tags", std::vector<std::string>(eleven.begin(), eleven.end() - 1), true},
      {"tags 11", "tags", eleven, false},
      {"tag uppercase", "tags", {"IoT"}, false},
      {"tag operator", "tags", json::parse(R"([{"$ne":1}])"), false},
      {"location as string", "location", "Berlin", false},
  };
  check_cases(valid_use_case(), cases, http::parse_use_case_create);
  check_cases(json::object(), cases, http::parse_use_case_patch);
}

BOOST_AUTO_TEST_CASE(location_boundaries) {
  struct row {
    const char* location;
    const char* field;  // "" when valid
  };
  const row rows[] = {
      {R"({"lat":90,"lng":180})", ""},
      {R"({"lat":-90,"lng":-180})", ""},
      {R"({"lat":90.0001,"lng":0})", "location.lat"},
      {R"({"lat":-90.0001,"lng":0})", "location.lat"},
      {R"({"lat":0,"lng":180.0001})", "location.lng"},
      {R"({"lat":0,"lng":-180.0001})", "location.lng"},
      {R"({"lat":"52.5","lng":13.4})", "location.lat"},
      {R"({"lng":13.4})", "location.lat"},
      {R"({"lat":0,"lng":0,"city":null,"country":null})", ""},
      {R"({"lat":0,"lng":0,"city":""})", "location.city"},
      {R"({"lat":0,"lng":0,"country":{"$gt":""}})", "location.country"},
      {R"({"lat":1,"lng":2,"$where":"x"})", "location.$where"},
      {R"({"lat":1,"lng":2,"type":"Point"})", "location.type"},
      {R"("Berlin")", "location"},
      {R"(null)", "location"},
      {R"([1,2])", "location"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.location) {
      const auto problems = location_problems(json::parse(r.location));
      if (std::string(r.field).empty())
        BOOST_TEST(problems.empty());
      else
        BOOST_TEST(fields_of(problems) == std::vector<std::string>{r.field});
    }
  }
  // JSON text cannot spell infinity or NaN (the parser refuses 1e400), but a json value can.
  BOOST_TEST(fields_of(location_problems(json{{"lat", HUGE_VAL}, {"lng", 0}})) ==
             std::vector<std::string>{"location.lat"});
  BOOST_TEST(fields_of(location_problems(json{{"lat", 0}, {"lng", std::nan("")}})) ==
             std::vector<std::string>{"location.lng"});
  BOOST_TEST(location_problems(json{{"lat", 0}, {"lng", 0}, {"city", repeat("c", 100)}}).empty());
  BOOST_TEST(!location_problems(json{{"lat", 0}, {"lng", 0}, {"city", repeat("c", 101)}}).empty());
}

BOOST_AUTO_TEST_CASE(use_case_create_lists_every_broken_field) {
  const auto r = http::parse_use_case_create(json::parse(
      R"({"title":"ab","industry":"","tags":"iot","location":{"lat":91,"lng":0},
          "submitted_by":"x"})"));
  const std::vector<std::string> expected{"title",        "description", "industry",
                                          "tags",         "location.lat", "submitted_by"};
  BOOST_TEST(fields_of(r.problems) == expected);
  BOOST_TEST(problem_on(r.problems, "location.lat") == "must be between -90 and 90");
  auto bad = valid_use_case();
  bad["tags"] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"};
  BOOST_TEST(problem_on(http::parse_use_case_create(bad).problems, "tags") ==
             "must have at most 10 items");
}

BOOST_AUTO_TEST_CASE(use_case_patch_is_partial_and_location_is_whole) {
  const auto empty = http::parse_use_case_patch(json::object());
  BOOST_TEST(empty.ok());
  BOOST_TEST(empty.value.empty());
  const auto r = http::parse_use_case_patch(json::parse(R"({"location":{"lat":1,"lng":2}})"));
  BOOST_TEST(r.ok());
  BOOST_TEST(r.value.location->lat == 1.0);
  BOOST_TEST(!r.value.title.has_value());
  const auto partial = http::parse_use_case_patch(json::parse(R"({"location":{"city":"Kiel"}})"));
  BOOST_TEST(fields_of(partial.problems) ==
             (std::vector<std::string>{"location.lat", "location.lng"}));
  const auto nulls = http::parse_use_case_patch(json::parse(R"({"title":null,"location":null})"));
  BOOST_TEST(fields_of(nulls.problems) == (std::vector<std::string>{"title", "location"}));
  BOOST_TEST(!http::parse_use_case_patch(json{{"title", repeat("t", 201)}}).ok());
  BOOST_TEST(!http::parse_use_case_patch(json{{"tags", {"UPPER"}}}).ok());
}

BOOST_AUTO_TEST_CASE(profile_put) {
  const auto minimal = http::parse_profile_put(valid_profile());
  BOOST_TEST(minimal.ok());
  BOOST_TEST(!minimal.value.location.has_value());
  BOOST_TEST(!minimal.value.bio.has_value());
  BOOST_TEST((minimal.value.expertise == std::vector<std::string>{"grids"}));

  auto full = valid_profile();
  full["location"] = {{"lat", 10}, {"lng", 20}};
  full["bio"] = "line\nline";
  const auto f = http::parse_profile_put(full);
  BOOST_TEST(f.ok());
  BOOST_TEST(f.value.location->lng == 20.0);
  BOOST_TEST(*f.value.bio == "line\nline");

  auto with_nulls = valid_profile();
  with_nulls["location"] = nullptr;
  with_nulls["bio"] = nullptr;
  BOOST_TEST(http::parse_profile_put(with_nulls).ok());

  std::vector<std::string> twenty_one;
  for (int i = 0; i < 21; ++i)
    twenty_one.push_back("e" + std::to_string(i));
  check_cases(
      valid_profile(),
      {
          {"display_name 100", "display_name", repeat("d", 100), true},
          {"display_name 101", "display_name", repeat("d", 101), false},
          {"display_name empty", "display_name", "", false},
          {"industry 50", "industry", repeat("i", 50), true},
          {"industry 51", "industry", repeat("i", 51), false},
          {"expertise 20", "expertise",
           std::vector<std::string>(twenty_one.begin(), twenty_one.end() - 1), true},
          {"expertise 21", "expertise", twenty_one, false},
          {"expertise item 50", "expertise", {repeat("x", 50)}, true},
          {"expertise item 51", "expertise", {repeat("x", 51)}, false},
          {"expertise item empty", "expertise", {""}, false},
          {"expertise item object", "expertise", json::parse(R"([{"$gt":""}])"), false},
          {"bio 2000", "bio", repeat("b", 2000), true},
          {"bio 2001", "bio", repeat("b", 2001), false},
          {"location string", "location", "Berlin", false},
          {"location injection", "location",
           json::parse(R"({"lat":1,"lng":2,"$where":"x"})"), false},
          {"user_id", "user_id", "123e4567-e89b-12d3-a456-426614174000", false},
      },
      http::parse_profile_put);
}

BOOST_AUTO_TEST_SUITE_END()
