#include <boost/test/unit_test.hpp>

#include "http/transport/log_text.hpp"
#include "storage/common/url.hpp"

BOOST_AUTO_TEST_SUITE(log_text)

BOOST_AUTO_TEST_CASE(control_characters_cannot_start_a_new_line) {
  BOOST_TEST(http::escape_controls("/a%0A\nINFO forged\r\t\x01\x7f") == "/a%0A\\nINFO forged\\r\\t\\x01\\x7f");
  BOOST_TEST(http::escape_controls("plain / text") == "plain / text");
}

BOOST_AUTO_TEST_CASE(client_text_is_cut_to_a_bound) {
  BOOST_TEST(http::log_text("short") == "short");
  BOOST_TEST(http::log_text(std::string(2000, 'a'), 10) == "aaaaaaaaaa...(2000 bytes)");
}

BOOST_AUTO_TEST_CASE(secrets_in_driver_text_are_redacted) {
  BOOST_TEST(storage::redact_secrets("failed: postgresql://bob:hunter2@db:5432/x timed out") ==
             "failed: postgresql://bob:***@db:5432/x timed out");
  BOOST_TEST(storage::redact_secrets("host=db password=hunter2 user=bob") == "host=db password=*** user=bob");
  BOOST_TEST(storage::redact_secrets("password='a b c' next") == "password=*** next");
  BOOST_TEST(storage::redact_secrets("mongodb://u:p@h1,h2/db and http://plain/x") == "mongodb://u:***@h1,h2/db and http://plain/x");
  BOOST_TEST(storage::redact_secrets("nothing secret here") == "nothing secret here");
}

BOOST_AUTO_TEST_SUITE_END()
