#include <boost/test/unit_test.hpp>

#include "http/parse/validate_text.hpp"
#include "validation_test_helpers.hpp"

using validation_test::repeat;
using namespace std::string_literals;

BOOST_AUTO_TEST_SUITE(validate_text)

BOOST_AUTO_TEST_CASE(utf8_length_counts_code_points_and_rejects_ill_formed_text) {
  BOOST_TEST(*http::utf8_length("") == 0u);
  BOOST_TEST(*http::utf8_length("abc") == 3u);
  BOOST_TEST(*http::utf8_length("h\xC3\xA9llo") == 5u);          // é
  BOOST_TEST(*http::utf8_length("\xE2\x82\xAC") == 1u);          // €
  BOOST_TEST(*http::utf8_length("\xF0\x9F\x98\x80") == 1u);      // an emoji, 4 bytes
  for (const auto& bad : {"\xC3"s, "\x80"s, "\xC0\x80"s, "\xE0\x80\x80"s, "\xED\xA0\x80"s,
                          "\xF4\x90\x80\x80"s, "\xFF"s, "a\xC3(b"s})
    BOOST_TEST(!http::utf8_length(bad).has_value());
}

BOOST_AUTO_TEST_CASE(printable_truncates_and_masks) {
  BOOST_TEST(http::printable("name") == "name");
  BOOST_TEST(http::printable("a\nb\xFF" "c") == "a?b?c");
  BOOST_TEST(http::printable(repeat("\xC3\xA9", 70), 64) == repeat("\xC3\xA9", 64) + "...");
  BOOST_TEST(http::utf8_length(http::printable("\xE2\x82\xAC\xE2\x82", 64)).has_value());
}

BOOST_AUTO_TEST_CASE(check_text_applies_rules_in_order) {
  struct row {
    std::string raw;
    http::text_rule rule;
    std::string value;    // when ok
    std::string problem;  // when not
  };
  const http::text_rule name{.min_chars = 3, .max_chars = 5};
  const http::text_rule lower{.min_chars = 0, .lowercase = true};
  const http::text_rule multi{.min_chars = 1, .chars = http::charset::multiline};
  const http::text_rule secret{.min_chars = 2, .chars = http::charset::any, .trim = false};
  const http::text_rule tagged{.pattern = http::is_tag, .pattern_problem = "bad tag"};
  const row rows[] = {
      {"  abc  ", name, "abc", ""},
      {"ab", name, "", "must be at least 3 characters"},
      {"  ab   ", name, "", "must be at least 3 characters"},
      {"abcdef", name, "", "must be at most 5 characters"},
      {repeat("\xC3\xA9", 5), name, repeat("\xC3\xA9", 5), ""},
      {"a\tb", name, "", "must not contain control characters"},
      {"\xC3", name, "", "must be valid UTF-8"},
      {" MiXeD@Example.COM ", lower, "mixed@example.com", ""},
      {"line1\r\nline2\tx", multi, "line1\r\nline2\tx", ""},
      {"a\x01", multi, "", "must not contain control characters other than tab and line breaks"},
      {"   ", multi, "", "must not be empty"},
      {" \t x", secret, " \t x", ""},
      {"a\0b"s, secret, "", "must not contain NUL characters"},
      {"ok-tag", tagged, "ok-tag", ""},
      {"Bad", tagged, "", "bad tag"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("raw: " << http::printable(r.raw)) {
      const auto c = http::check_text(r.raw, r.rule);
      BOOST_TEST(c.problem == r.problem);
      if (r.problem.empty())
        BOOST_TEST(c.value == r.value);
    }
  }
}

BOOST_AUTO_TEST_CASE(ids) {
  BOOST_TEST(http::is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  BOOST_TEST(http::is_uuid("123E4567-E89B-12D3-A456-426614174000"));
  for (const auto* bad : {"", "123e4567e89b12d3a456426614174000",
                          "123e4567-e89b-12d3-a456-42661417400",
                          "123e4567-e89b-12d3-a456-4266141740000",
                          "g23e4567-e89b-12d3-a456-426614174000",
                          "123e4567-e89b-12d3-a456_426614174000",
                          "{123e4567-e89b-12d3-a456-426614174000}"})
    BOOST_TEST(!http::is_uuid(bad), bad);
  BOOST_TEST(http::is_object_id("507f1f77bcf86cd799439011"));
  BOOST_TEST(http::is_object_id("507F1F77BCF86CD799439011"));
  for (const auto* bad : {"", "507f1f77bcf86cd79943901", "507f1f77bcf86cd7994390111",
                          "507f1f77bcf86cd79943901z", "507f1f77bcf86cd79943901 "})
    BOOST_TEST(!http::is_object_id(bad), bad);
}

BOOST_AUTO_TEST_CASE(tags_and_config_keys) {
  BOOST_TEST(http::is_tag("a"));
  BOOST_TEST(http::is_tag("machine-learning-2"));
  BOOST_TEST(http::is_tag(repeat("a", 32)));
  for (const auto& bad : {""s, repeat("a", 33), "Upper"s, "under_score"s, "sp ace"s, "dot.ted"s,
                          "\xC3\xA9"s})
    BOOST_TEST(!http::is_tag(bad), bad);
  BOOST_TEST(http::is_config_key("feature.flags_v2-x"));
  BOOST_TEST(http::is_config_key(repeat("k", 64)));
  for (const auto& bad : {""s, repeat("k", 65), "Key"s, "a/b"s, "a b"s, "$set"s})
    BOOST_TEST(!http::is_config_key(bad), bad);
}

BOOST_AUTO_TEST_CASE(email_simple_form) {
  const std::string local64 = repeat("l", 64);
  const std::string long_domain = repeat("d", 63) + "." + repeat("d", 63) + "." +
                                  repeat("d", 63) + ".com";  // 195 characters
  for (const auto& good : {"a@b.co"s, "first.last+tag@sub.example.org"s, "o'brien@x-y.de"s,
                           local64 + "@example.com"s, "MixedCase@Example.COM"s})
    BOOST_TEST(http::is_email(good), good);
  const std::string at_254 = local64.substr(0, 54) + "@" + long_domain.substr(0, 195) + "xxxx";
  BOOST_TEST(at_254.size() == 254u);
  BOOST_TEST(http::is_email(at_254));
  BOOST_TEST(!http::is_email(at_254 + "x"));  // 255 characters
  for (const auto& bad : {""s, "plain"s, "@example.com"s, "a@"s, "a@localhost"s, "a@@b.co"s,
                          "a@b@c.co"s, "a b@c.co"s, "a@b .co"s, ".a@b.co"s, "a.@b.co"s,
                          "a..b@c.co"s,
                          "a@-b.co"s, "a@b-.co"s, "a@b..co"s, "a@.b.co"s, "a@b.co."s,
                          local64 + "l@example.com"s, "\"quoted\"@b.co"s, "a@[127.0.0.1]"s,
                          "\xC3\xA9@b.co"s, "a@b.co\n"s})
    BOOST_TEST(!http::is_email(bad), http::printable(bad));
}

BOOST_AUTO_TEST_SUITE_END()
