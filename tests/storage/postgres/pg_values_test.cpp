#include <boost/test/unit_test.hpp>

#include "storage/postgres/pg_values.hpp"

BOOST_AUTO_TEST_SUITE(pg_values)

BOOST_AUTO_TEST_CASE(canonical_uuid) {
  BOOST_TEST(storage::is_canonical_uuid("123e4567-e89b-12d3-a456-426614174000"));
  BOOST_TEST(storage::is_canonical_uuid("123E4567-E89B-12D3-A456-426614174000"));
  const char* bad[] = {"",
                       "123e4567e89b12d3a456426614174000",        // no hyphens (PostgreSQL would accept)
                       "{123e4567-e89b-12d3-a456-426614174000}",  // braces (PostgreSQL would accept)
                       "123e4567-e89b-12d3-a456-42661417400",     // short
                       "123e4567-e89b-12d3-a456-4266141740000",   // long
                       "123e4567-e89b-12d3-a456_426614174000",    // wrong separator
                       "g23e4567-e89b-12d3-a456-426614174000",    // not hex
                       "1' OR '1'='1"};
  for (const char* s : bad)
    BOOST_TEST(!storage::is_canonical_uuid(s), s);
}

BOOST_AUTO_TEST_CASE(sha256_hex) {
  BOOST_TEST(storage::is_sha256_hex(std::string(64, 'a')));
  BOOST_TEST(storage::is_sha256_hex(std::string(64, 'F')));
  BOOST_TEST(!storage::is_sha256_hex(std::string(63, 'a')));
  BOOST_TEST(!storage::is_sha256_hex(std::string(65, 'a')));
  BOOST_TEST(!storage::is_sha256_hex(std::string(63, 'a') + "g"));
}

BOOST_AUTO_TEST_CASE(int64_and_bool) {
  BOOST_TEST(storage::parse_int64("0").value() == 0);
  BOOST_TEST(storage::parse_int64("-42").value() == -42);
  BOOST_TEST(storage::parse_int64("9223372036854775807").value() == INT64_MAX);
  BOOST_TEST(!storage::parse_int64("9223372036854775808").has_value());
  BOOST_TEST(!storage::parse_int64("").has_value());
  BOOST_TEST(!storage::parse_int64("+1").has_value());
  BOOST_TEST(!storage::parse_int64("12a").has_value());
  BOOST_TEST(storage::parse_pg_bool("t").value());
  BOOST_TEST(!storage::parse_pg_bool("f").value());
  BOOST_TEST(!storage::parse_pg_bool("true").has_value());
  BOOST_TEST(storage::pg_bool(true) == "true");
  BOOST_TEST(storage::pg_bool(false) == "false");
}

BOOST_AUTO_TEST_SUITE_END()
