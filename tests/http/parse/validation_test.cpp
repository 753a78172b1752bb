#include <boost/test/unit_test.hpp>

#include "http/parse/validation.hpp"
#include "validation_test_helpers.hpp"

using validation_test::fields_of;
using validation_test::problem_on;
using json = nlohmann::json;
using http::presence;

namespace {

// A body with one field of each kind the reader handles.
struct sample {
  std::optional<std::string> name;
  std::optional<bool> flag;
  std::optional<double> score;
  std::optional<std::vector<std::string>> tags;
  std::optional<storage::location> where;
};

http::checked<sample> read_sample(const json& body) {
  http::problem_list problems;
  http::object_reader r(body, "", problems);
  sample out;
  out.name = r.text("name", {.min_chars = 1, .max_chars = 10});
  out.flag = r.boolean("flag", presence::optional);
  out.score = r.number("score", 0, 10, presence::optional);
  out.tags = r.text_list("tags", http::rules::tag, 3, presence::optional);
  out.where = read_location(r, "where", presence::nullable);
  r.finish();
  return make_checked(std::move(out), problems);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(a_valid_body_reads_into_its_fields) {
  const auto c = read_sample(json::parse(
      R"({"name":" n ","flag":false,"score":2.5,"tags":["a","b"],
          "where":{"lat":1,"lng":-2.5,"city":"Kiel","country":null}})"));
  BOOST_TEST(c.ok());
  BOOST_TEST(*c.value.name == "n");
  BOOST_TEST(*c.value.flag == false);
  BOOST_TEST(*c.value.score == 2.5);
  BOOST_TEST((*c.value.tags == std::vector<std::string>{"a", "b"}));
  BOOST_TEST(c.value.where->lat == 1.0);
  BOOST_TEST(c.value.where->lng == -2.5);
  BOOST_TEST(*c.value.where->city == "Kiel");
  BOOST_TEST(!c.value.where->country.has_value());
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_an_object_is_one_problem_on_the_empty_field) {
  for (const auto* text : {"[]", "\"text\"", "42", "null", "true", "[{\"name\":\"x\"}]"}) {
    const auto c = read_sample(json::parse(text));
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(!c.ok());
      BOOST_TEST((c.status == http::problem_status::validation_failed));
      BOOST_TEST(fields_of(c.problems) == std::vector<std::string>{""});
      BOOST_TEST(c.problems[0].problem == "must be a JSON object");
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_types_are_problems_never_coerced) {
  struct row {
    const char* body;
    const char* field;
    const char* problem;
  };
  const row rows[] = {
      {R"({"name":{"$gt":""}})", "name", "must be a string"},
      {R"({"name":["x"]})", "name", "must be a string"},
      {R"({"name":null})", "name", "must be a string"},
      {R"({"name":5})", "name", "must be a string"},
      {R"({"name":"x","flag":"true"})", "flag", "must be true or false"},
      {R"({"name":"x","flag":1})", "flag", "must be true or false"},
      {R"({"name":"x","score":"5"})", "score", "must be a number"},
      {R"({"name":"x","score":true})", "score", "must be a number"},
      {R"({"name":"x","tags":"a"})", "tags", "must be an array of strings"},
      {R"({"name":"x","tags":{"$in":["a"]}})", "tags", "must be an array of strings"},
      {R"({"name":"x","tags":[{"$ne":1}]})", "tags[0]", "must be a string"},
      {R"({"name":"x","tags":["a",["b"]]})", "tags[1]", "must be a string"},
      {R"({"name":"x","where":"Berlin"})", "where", "must be a JSON object"},
      {R"({"name":"x","where":{"lat":"1","lng":2}})", "where.lat", "must be a number"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.body) {
      const auto c = read_sample(json::parse(r.body));
      BOOST_TEST(fields_of(c.problems) == std::vector<std::string>{r.field});
      BOOST_TEST(problem_on(c.problems, r.field) == r.problem);
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_and_operator_keys_are_reported_at_any_depth) {
  const auto c = read_sample(json::parse(
      R"({"name":"x","role":"admin","$where":"1","a.b":1,
          "where":{"lat":1,"lng":2,"$where":"x","extra":0}})"));
  BOOST_TEST(!c.ok());
  BOOST_TEST(problem_on(c.problems, "role") == "unknown field");
  BOOST_TEST(problem_on(c.problems, "$where") == "must not start with '$' or contain '.'");
  BOOST_TEST(problem_on(c.problems, "a.b") == "must not start with '$' or contain '.'");
  BOOST_TEST(problem_on(c.problems, "where.$where") ==
             "must not start with '$' or contain '.'");
  BOOST_TEST(problem_on(c.problems, "where.extra") == "unknown field");
  BOOST_TEST(c.problems.size() == 5u);
}

BOOST_AUTO_TEST_CASE(every_broken_field_is_listed_at_once) {
  const auto c = read_sample(json::parse(
      R"({"flag":"no","score":11,"tags":["ok","Bad","ok"],"where":{"lat":91},"x":1})"));
  const std::vector<std::string> expected{"name", "flag", "score", "tags[1]", "tags[2]",
                                          "where.lat", "where.lng", "x"};
  BOOST_TEST(fields_of(c.problems) == expected);
  BOOST_TEST(problem_on(c.problems, "name") == "is required");
  BOOST_TEST(problem_on(c.problems, "score") == "must be between 0 and 10");
  BOOST_TEST(problem_on(c.problems, "tags[2]") == "is a duplicate");
  BOOST_TEST(problem_on(c.problems, "where.lng") == "is required");
}

BOOST_AUTO_TEST_CASE(arrays_over_their_limit_are_one_problem) {
  const auto c = read_sample(json::parse(R"({"name":"x","tags":["a","b","c","D"]})"));
  BOOST_TEST(fields_of(c.problems) == std::vector<std::string>{"tags"});
  BOOST_TEST(c.problems[0].problem == "must have at most 3 items");
}

BOOST_AUTO_TEST_CASE(problem_list_is_bounded_and_echoes_names_safely) {
  json body = json::object();
  body["name"] = "x";
  for (int i = 0; i < 500; ++i)
    body["k" + std::to_string(i)] = i;
  const auto c = read_sample(body);
  BOOST_TEST(c.problems.size() == http::problem_list::max_reported + 1);
  BOOST_TEST(c.problems.back().field == "");
  BOOST_TEST(c.problems.back().problem.find("only the first 100") != std::string::npos);

  http::problem_list problems;
  problems.add(std::string(1000, 'a') + "\n", "x");
  problems.add("bad\xFFutf8", "x");
  const auto listed = problems.take();
  BOOST_TEST(listed[0].field == std::string(100, 'a') + "...");
  BOOST_TEST(listed[1].field == "bad?utf8");
  // Whatever the names, the error body serializes.
  BOOST_CHECK_NO_THROW(http::error_body(http::validation_failed(listed), "rid").dump());
}

BOOST_AUTO_TEST_CASE(errors_carry_the_right_status) {
  std::vector<http::field_problem> details{{"limit", "bad"}};
  const auto e400 = http::problems_to_error(http::problem_status::bad_request, details);
  BOOST_TEST(e400.status == 400);
  BOOST_TEST(e400.code == "bad_request");
  BOOST_TEST(e400.details.size() == 1u);
  const auto e422 = http::problems_to_error(http::problem_status::validation_failed, details);
  BOOST_TEST(e422.status == 422);
  BOOST_TEST(e422.code == "validation_failed");
  BOOST_TEST(e422.details.size() == 1u);
}

BOOST_AUTO_TEST_CASE(operator_keys) {
  BOOST_TEST(http::is_operator_key("$gt"));
  BOOST_TEST(http::is_operator_key("a.b"));
  BOOST_TEST(http::is_operator_key("."));
  BOOST_TEST(!http::is_operator_key("a$"));
  BOOST_TEST(!http::is_operator_key("title"));
  BOOST_TEST(!http::is_operator_key(""));
}

BOOST_AUTO_TEST_SUITE_END()
