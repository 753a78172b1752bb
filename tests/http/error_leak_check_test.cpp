// The leak check every e2e error goes through (support/auth_fixture.hpp, check_no_leak) can
// fail: it finds what real store and driver errors would leak, and passes real error bodies.
#include <boost/test/unit_test.hpp>

#include "storage/common/url.hpp"
#include "support/auth_fixture.hpp"
#include "support/test_env.hpp"

BOOST_AUTO_TEST_SUITE(error_leak_check)

BOOST_AUTO_TEST_CASE(store_and_driver_text_is_found) {
  const auto pg = storage::parse_url(test_env::pg_url());
  BOOST_REQUIRE(pg.is_ok());
  const std::vector<std::string> leaky = {
      R"({"error":{"message":"ERROR:  duplicate key value violates unique constraint \"users_email_key\""}})",
      R"({"error":{"message":"SELECT id FROM users WHERE email = $1"}})",
      R"({"error":{"message":"connection to server at \"127.0.0.1\", port 5432 failed"}})",
      R"({"error":{"message":"E11000 duplicate key error collection: p2p.forum_posts"}})",
      R"({"error":{"message":"No suitable servers found: [connection refused calling hello on 'db:27017']"}})",
      R"({"error":{"message":"mongodb://app@db/p2p"}})",
      R"({"error":{"message":"terminate called after throwing std::runtime_error"}})",
      R"({"error":{"message":"failed at http/server.cpp:88"}})",
      "{\"error\":{\"message\":\"auth failed for " + pg->password + "\"}}",
      "{\"error\":{\"message\":\"refused on :" + std::to_string(pg->port) + "\"}}",
  };
  for (const auto& body : leaky)
    BOOST_TEST(test_env::leak_in(body).has_value(), body);
}

BOOST_AUTO_TEST_CASE(the_contracts_error_bodies_pass) {
  const std::vector<std::string> clean = {
      R"({"error":{"code":"conflict","details":[],"message":"the email is already taken","request_id":"0f3a9c"}})",
      R"({"error":{"code":"validation_failed","details":[{"field":"email","problem":"must be a valid e-mail address"}],"message":"the body breaks 1 rule","request_id":"e2e-req.1:r1"}})",
      R"({"error":{"code":"dependency_unavailable","details":[],"message":"a store that this request needs is unavailable","request_id":"ab"}})",
      R"({"error":{"code":"timeout","details":[],"message":"the store did not answer in time","request_id":"ab"}})",
      R"({"error":{"code":"unauthenticated","details":[],"message":"the email or the password is wrong","request_id":"ab"}})",
  };
  for (const auto& body : clean)
    BOOST_TEST(!test_env::leak_in(body).has_value(), body << " holds " << test_env::leak_in(body).value_or(""));
}

BOOST_AUTO_TEST_SUITE_END()
