#include <boost/test/unit_test.hpp>

#include "http/parse/query_params.hpp"
#include "validation_test_helpers.hpp"

using validation_test::fields_of;
using validation_test::problem_on;
using validation_test::repeat;
using http::query_map;

BOOST_AUTO_TEST_SUITE(query_params)

BOOST_AUTO_TEST_CASE(limit_defaults_and_boundaries) {
  const auto none = http::parse_page_query({});
  BOOST_TEST(none.ok());
  BOOST_TEST(none.value.limit == 20);
  BOOST_TEST(!none.value.cursor.has_value());

  struct row {
    const char* limit;
    int expected;  // 0: a 400
  };
  const row rows[] = {{"1", 1},    {"100", 100}, {"20", 20},  {"007", 7},  {"0", 0},
                      {"101", 0},  {"-1", 0},    {"+5", 0},   {" 5", 0},   {"5 ", 0},
                      {"5.0", 0},  {"1e1", 0},   {"abc", 0},  {"", 0},
                      {"99999999999999999999", 0},
                      {"0x10", 0}};
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("limit=" << r.limit) {
      const auto c = http::parse_page_query({{"limit", r.limit}});
      BOOST_TEST(c.ok() == (r.expected != 0));
      if (r.expected != 0) {
        BOOST_TEST(c.value.limit == r.expected);
      } else {
        BOOST_TEST((c.status == http::problem_status::bad_request));
        BOOST_TEST(c.error().status == 400);
        BOOST_TEST(c.error().code == "bad_request");
        BOOST_TEST(problem_on(c.problems, "limit") == "must be an integer from 1 to 100");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(cursor_is_passed_through_opaque) {
  const auto c = http::parse_page_query({{"cursor", "AbC-_9"}, {"limit", "5"}});
  BOOST_TEST(c.ok());
  BOOST_TEST(*c.value.cursor == "AbC-_9");
  BOOST_TEST(!http::parse_page_query({{"cursor", ""}}).ok());
  BOOST_TEST(!http::parse_page_query({{"cursor", repeat("A", 513)}}).ok());
  BOOST_TEST(http::parse_page_query({{"cursor", repeat("A", 512)}}).ok());
}

BOOST_AUTO_TEST_CASE(unknown_and_repeated_parameters_are_named) {
  const auto c = http::parse_page_query(
      {{"limit", "5"}, {"limit", "6"}, {"sort", "x"}, {"$where", "1"}});
  BOOST_TEST((c.status == http::problem_status::bad_request));
  BOOST_TEST(problem_on(c.problems, "limit") == "must not be repeated");
  BOOST_TEST(problem_on(c.problems, "sort") == "unknown parameter");
  BOOST_TEST(problem_on(c.problems, "$where") == "unknown parameter");
  BOOST_TEST(c.problems.size() == 3u);
  // A filter of another list is unknown here.
  BOOST_TEST(problem_on(http::parse_user_list_query({{"tag", "x"}}).problems, "tag") ==
             "unknown parameter");
  // Names are echoed safely.
  const auto odd = http::parse_page_query({{"na\xFFme\n", "1"}});
  BOOST_TEST(fields_of(odd.problems) == std::vector<std::string>{"na?me?"});
}

BOOST_AUTO_TEST_CASE(user_list_email_filter) {
  const auto c = http::parse_user_list_query({{"email", " Ada@Example.COM "}});
  BOOST_TEST(c.ok());
  BOOST_TEST(*c.value.email == "ada@example.com");
  BOOST_TEST(!http::parse_user_list_query({{"email", ""}}).ok());
  BOOST_TEST(!http::parse_user_list_query({{"email", repeat("e", 255)}}).ok());
}

BOOST_AUTO_TEST_CASE(profile_filters) {
  const auto c = http::parse_profile_list_query({{"industry", "energy"}, {"expertise", "grids"}});
  BOOST_TEST(c.ok());
  BOOST_TEST(*c.value.industry == "energy");
  BOOST_TEST(*c.value.expertise == "grids");
  BOOST_TEST(!http::parse_profile_list_query({{"industry", repeat("i", 51)}}).ok());
  BOOST_TEST(!http::parse_profile_list_query({{"expertise", "bad\xC3"}}).ok());
}

BOOST_AUTO_TEST_CASE(post_filters) {
  const auto c = http::parse_post_list_query({{"category", "db"},
                                              {"tag", "postgres"},
                                              {"status", "closed"},
                                              {"author_id", "123E4567-E89B-12D3-A456-426614174000"},
                                              {"q", "vacuum"},
                                              {"limit", "50"}});
  BOOST_TEST(c.ok());
  BOOST_TEST(*c.value.status == "closed");
  BOOST_TEST(*c.value.author_id == "123e4567-e89b-12d3-a456-426614174000");
  BOOST_TEST(*c.value.q == "vacuum");
  BOOST_TEST(c.value.page.limit == 50);

  struct row {
    const char* name;
    std::string value;
    bool ok;
  };
  const row rows[] = {
      {"status", "draft", true},          {"status", "published", true},
      {"status", "archived", true},       {"status", "deleted", false},
      {"status", "Draft", false},         {"tag", "Upper", false},
      {"tag", repeat("t", 33), false},    {"author_id", "not-a-uuid", false},
      {"author_id", "507f1f77bcf86cd799439011", false},
      {"q", repeat("q", 200), true},      {"q", repeat("q", 201), false},
      {"q", repeat("\xC3\xA9", 200), true}, {"q", std::string("a\0b", 3), false},
      {"q", "", false},                   {"category", repeat("c", 51), false},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name << "=" << http::printable(r.value)) {
      const auto p = http::parse_post_list_query({{r.name, r.value}});
      BOOST_TEST(p.ok() == r.ok);
      if (!r.ok)
        BOOST_TEST(fields_of(p.problems) == std::vector<std::string>{r.name});
    }
  }
}

BOOST_AUTO_TEST_CASE(use_case_near_and_radius) {
  const auto plain = http::parse_use_case_list_query({{"industry", "energy"}, {"tag", "iot"}});
  BOOST_TEST(plain.ok());
  BOOST_TEST(!plain.value.near.has_value());

  const auto near = http::parse_use_case_list_query({{"near", "52.52,13.405"}});
  BOOST_TEST(near.ok());
  BOOST_TEST(near.value.near->lat == 52.52);
  BOOST_TEST(near.value.near->lng == 13.405);
  BOOST_TEST(near.value.near->radius_km == http::default_near_radius_km);
  BOOST_TEST(http::default_near_radius_km == 50.0);

  struct row {
    const char* near;    // nullptr: absent
    const char* radius;  // nullptr: absent
    const char* bad;     // the parameter named in the 400, nullptr when valid
  };
  const row rows[] = {
      {"90,180", "20000", nullptr},
      {"-90,-180", "0.001", nullptr},
      {"0,0", "20000.1", "radius_km"},
      {"0,0", "0", "radius_km"},
      {"0,0", "-5", "radius_km"},
      {"0,0", "inf", "radius_km"},
      {"0,0", "nan", "radius_km"},
      {"0,0", "ten", "radius_km"},
      {nullptr, "10", "radius_km"},
      {"90.0001,0", "10", "near"},
      {"0,180.0001", "10", "near"},
      {"52.5", nullptr, "near"},
      {"52.5,13.4,1", nullptr, "near"},
      {"52.5, 13.4", nullptr, "near"},
      {"nan,0", nullptr, "near"},
      {"a,b", nullptr, "near"},
      {",", nullptr, "near"},
  };
  for (const auto& r : rows) {
    query_map q;
    if (r.near)
      q.emplace("near", r.near);
    if (r.radius)
      q.emplace("radius_km", r.radius);
    BOOST_TEST_CONTEXT("near=" << (r.near ? r.near : "-")
                                << " radius_km=" << (r.radius ? r.radius : "-")) {
      const auto c = http::parse_use_case_list_query(q);
      if (!r.bad) {
        BOOST_TEST(c.ok());
        BOOST_TEST(c.value.near->radius_km == std::stod(r.radius));
      } else {
        BOOST_TEST((c.status == http::problem_status::bad_request));
        BOOST_TEST(fields_of(c.problems) == std::vector<std::string>{r.bad});
      }
    }
  }
  BOOST_TEST(problem_on(http::parse_use_case_list_query({{"radius_km", "10"}}).problems,
                              "radius_km") == "needs near");
}

BOOST_AUTO_TEST_SUITE_END()
