#include <boost/test/unit_test.hpp>

#include "http/transport/request_id.hpp"

BOOST_AUTO_TEST_SUITE(request_id)

BOOST_AUTO_TEST_CASE(sane_client_ids_are_echoed) {
  BOOST_TEST(http::choose_request_id("abc-123_x.y:z") == "abc-123_x.y:z");
}

BOOST_AUTO_TEST_CASE(unsafe_or_missing_ids_are_replaced) {
  for (std::string bad : {std::string(), std::string("a b"), std::string("x\r\nSet-Cookie: y"),
                          std::string(129, 'a'), std::string("é")}) {
    auto id = http::choose_request_id(bad);
    BOOST_TEST(id != bad);
    BOOST_TEST(id.size() == 32u);
    BOOST_TEST(http::is_acceptable_request_id(id));
  }
}

BOOST_AUTO_TEST_CASE(generated_ids_differ) {
  BOOST_TEST(http::generate_request_id() != http::generate_request_id());
}

BOOST_AUTO_TEST_SUITE_END()
