// The one mapping from a status to the contract's HTTP error (http/render/api_error.hpp): each code's
// status and machine code, and no store text in what a client sees.
#include <boost/test/unit_test.hpp>

#include "http/render/api_error.hpp"

using storage::code;

BOOST_AUTO_TEST_SUITE(api_errors)

BOOST_AUTO_TEST_CASE(each_code_has_its_answer) {
  struct row {
    code c;
    int status;
    const char* api_code;
    int retry_after_s;
  };
  const row rows[] = {
      {code::not_found, 404, "not_found", 0},
      {code::conflict, 409, "conflict", 0},
      {code::unavailable, 503, "dependency_unavailable", 5},
      {code::timeout, 504, "timeout", 0},
      {code::overloaded, 429, "overloaded", 1},
      {code::retryable, 429, "overloaded", 1},
      {code::invalid, 422, "validation_failed", 0},
      {code::internal, 500, "internal", 0},
  };
  for (const auto& r : rows) {
    const auto e = http::to_api_error(storage::status(r.c, "connection to server at \"10.0.0.7\", port 5432 failed"));
    BOOST_TEST(e.status == r.status, storage::to_string(r.c));
    BOOST_TEST(e.code == r.api_code);
    BOOST_TEST(e.retry_after_s == r.retry_after_s);
    BOOST_TEST(e.message.find("10.0.0.7") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_logged_cause_keeps_the_code_and_message_but_no_secret) {
  const auto st = storage::status::unavailable("cannot reach postgresql://p2p:s3cret@db:5432/p2p");
  const auto cause = http::cause_of(st);
  BOOST_TEST(cause.rfind("unavailable: cannot reach postgresql://", 0) == 0, cause);
  BOOST_TEST(cause.find("s3cret") == std::string::npos, cause);
}

BOOST_AUTO_TEST_SUITE_END()
