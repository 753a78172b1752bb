#include <boost/test/unit_test.hpp>

#include "http/parse/json_limits.hpp"

BOOST_AUTO_TEST_SUITE(json_limits)

BOOST_AUTO_TEST_CASE(nesting_is_counted_outside_strings_only) {
  BOOST_TEST(!http::json_shape_problem(R"({"a":[{"b":[1,2]}]})", 4).has_value());
  BOOST_TEST(http::json_shape_problem(R"({"a":[{"b":[[1]]}]})", 4).has_value(), "five levels over four");
  BOOST_TEST(!http::json_shape_problem(R"({"a":"[[[[[[[[{{{{{{"})", 2).has_value(), "brackets in a string");
  BOOST_TEST(!http::json_shape_problem(R"({"a":"\"[[[[[[\\"})", 2).has_value(), "escaped quotes stay in the string");
  const std::string deep(100000, '[');
  BOOST_TEST(*http::json_shape_problem(deep, 64) == "the body is nested deeper than 64 levels");
}

BOOST_AUTO_TEST_CASE(a_nul_byte_anywhere_is_refused) {
  BOOST_TEST(http::json_shape_problem(std::string("{}\0garbage", 10), 64).has_value());
  BOOST_TEST(http::json_shape_problem(std::string("{\"a\":\"x\0y\"}", 11), 64).has_value());
  BOOST_TEST(!http::json_shape_problem("{} \n", 64).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
