#include <boost/test/unit_test.hpp>

#include "http/parse/validate_forum.hpp"
#include "validation_test_helpers.hpp"

using validation_test::check_cases;
using validation_test::field_case;
using validation_test::fields_of;
using validation_test::problem_on;
using validation_test::repeat;
using json = nlohmann::json;

namespace {

json valid_post() {
  return {{"title", "How to tune PostgreSQL?"},
          {"content", "Details..."},
          {"category", "databases"},
          {"tags", {"postgres", "tuning"}}};
}

std::vector<std::string> tags(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back("t" + std::to_string(i));
  return out;
}

// Boundaries shared by post creation and patching.
std::vector<field_case> post_field_cases() {
  return {
      {"title 2", "title", "ab", false},
      {"title 3", "title", "abc", true},
      {"title 200", "title", repeat("t", 200), true},
      {"title 201", "title", repeat("t", 201), false},
      {"title 3 after trimming 2", "title", "  ab  ", false},
      {"title 200 multibyte", "title", repeat("\xE2\x82\xAC", 200), true},
      {"title injection", "title", {{"$gt", ""}}, false},
      {"content 1", "content", "x", true},
      {"content 20000", "content", repeat("c", 20000), true},
      {"content 20001", "content", repeat("c", 20001), false},
      {"content empty", "content", "", false},
      {"content multi-line", "content", "line 1\nline 2\r\n\tindented", true},
      {"content with NUL", "content", std::string("a\0b", 3), false},
      {"category 50", "category", repeat("k", 50), true},
      {"category 51", "category", repeat("k", 51), false},
      {"category empty", "category", "", false},
      {"tags 10", "tags", tags(10), true},
      {"tags 11", "tags", tags(11), false},
      {"tags none", "tags", json::array(), true},
      {"tag 32", "tags", {repeat("a", 32)}, true},
      {"tag 33", "tags", {repeat("a", 33)}, false},
      {"tag uppercase", "tags", {"Postgres"}, false},
      {"tag with space", "tags", {"a b"}, false},
      {"tag empty", "tags", {""}, false},
      {"tag duplicate", "tags", {"a", "a"}, false},
      {"tag operator", "tags", json::parse(R"([{"$ne":1}])"), false},
      {"tags as string", "tags", "postgres", false},
      {"tags null", "tags", nullptr, false},
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate_forum)

BOOST_AUTO_TEST_CASE(post_create_reads_a_valid_post) {
  const auto r = http::parse_post_create(valid_post());
  BOOST_TEST(r.ok());
  BOOST_TEST(r.value.title == "How to tune PostgreSQL?");
  BOOST_TEST((r.value.tags == std::vector<std::string>{"postgres", "tuning"}));
  BOOST_TEST((r.value.status == storage::post_status::published));

  auto no_tags = valid_post();
  no_tags.erase("tags");
  const auto t = http::parse_post_create(no_tags);
  BOOST_TEST(t.ok());
  BOOST_TEST(t.value.tags.empty());
}

BOOST_AUTO_TEST_CASE(post_create_boundaries) {
  auto cases = post_field_cases();
  cases.push_back({"status draft", "status", "draft", true});
  cases.push_back({"status published", "status", "published", true});
  cases.push_back({"status closed at creation", "status", "closed", false});
  cases.push_back({"status archived at creation", "status", "archived", false});
  cases.push_back({"status DRAFT", "status", "DRAFT", false});
  cases.push_back({"status null", "status", nullptr, false});
  cases.push_back({"author_id is not the client's", "author_id", "x", false});
  cases.push_back({"reply_count", "reply_count", 5, false});
  check_cases(valid_post(), cases, http::parse_post_create);
  BOOST_TEST((http::parse_post_create(json{{"title", "abc"}, {"content", "c"}, {"category", "k"}, {"status", "draft"}})
                  .value.status == storage::post_status::draft));
}

BOOST_AUTO_TEST_CASE(post_create_lists_every_broken_field) {
  const auto r = http::parse_post_create(json::parse(
      R"({"title":"ab","content":"","tags":["ok","BAD",{"$ne":1}],"status":"closed",
          "$where":"1"})"));
  const std::vector<std::string> expected{"title", "content", "category", "tags[1]",
                                          "tags[2]", "status", "$where"};
  BOOST_TEST(fields_of(r.problems) == expected);
  BOOST_TEST(problem_on(r.problems, "category") == "is required");
  BOOST_TEST(problem_on(r.problems, "tags[1]") == "must match ^[a-z0-9-]{1,32}$");
  BOOST_TEST(problem_on(r.problems, "status") == "must be one of: draft, published");
}

BOOST_AUTO_TEST_CASE(post_patch_is_partial) {
  const auto empty = http::parse_post_patch(json::object());
  BOOST_TEST(empty.ok());
  BOOST_TEST(empty.value.empty());

  const auto r = http::parse_post_patch(json::parse(R"({"status":"archived","tags":[]})"));
  BOOST_TEST(r.ok());
  BOOST_TEST((r.value.status == storage::post_status::archived));
  BOOST_TEST(r.value.tags->empty());
  BOOST_TEST(!r.value.title.has_value());

  auto cases = post_field_cases();
  for (const auto* s : {"draft", "published", "closed", "archived"})
    cases.push_back({s, "status", s, true});
  cases.push_back({"status deleted", "status", "deleted", false});
  cases.push_back({"title null", "title", nullptr, false});
  cases.push_back({"id", "_id", "x", false});
  check_cases(json::object(), cases, http::parse_post_patch);
}

BOOST_AUTO_TEST_CASE(reply_create) {
  BOOST_TEST(http::parse_reply_create(json{{"content", "thanks"}}).value.content == "thanks");
  BOOST_TEST(http::parse_reply_create(json{{"content", repeat("r", 20000)}}).ok());
  const auto too_long = http::parse_reply_create(json{{"content", repeat("r", 20001)}});
  BOOST_TEST(problem_on(too_long.problems, "content") == "must be at most 20000 characters");
  const auto wrong = http::parse_reply_create(json::parse(R"({"content":{"$gt":""},"upvotes":9})"));
  BOOST_TEST(fields_of(wrong.problems) == (std::vector<std::string>{"content", "upvotes"}));
  BOOST_TEST(fields_of(http::parse_reply_create(json::parse("\"text\"")).problems) ==
             std::vector<std::string>{""});
}

BOOST_AUTO_TEST_SUITE_END()
