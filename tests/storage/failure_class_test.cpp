#include <boost/test/unit_test.hpp>

#include "storage/failure_class.hpp"

using storage::failure_class;

BOOST_AUTO_TEST_SUITE(failure_classes)

BOOST_AUTO_TEST_CASE(driver_messages_become_coarse_classes) {
  // As libpq 15 and mongoc 1.23 word them (seen in this project's logs).
  BOOST_TEST(failure_class("postgresql unavailable: connection to server at \"127.0.0.1\", port 5432 failed: "
                           "Connection refused\n\tIs the server running on that host?") == "connection_refused");
  BOOST_TEST(failure_class("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
                           "authentication failed for user \"p2p_user\"") == "auth_failed");
  BOOST_TEST(failure_class("authentication failed: Authentication failed.") == "auth_failed");
  BOOST_TEST(failure_class("No suitable servers found (`serverSelectionTryOnce` set): [connection refused calling "
                           "hello on '127.0.0.1:27017']") == "connection_refused");
  BOOST_TEST(failure_class("No suitable servers found: `serverSelectionTimeoutMS` expired") == "timeout");
  BOOST_TEST(failure_class("no answer within the health deadline") == "timeout");
  BOOST_TEST(failure_class("could not translate host name \"db.internal\" to address") == "dns");
  BOOST_TEST(failure_class("server closed the connection unexpectedly") == "connection_lost");
  BOOST_TEST(failure_class("FATAL:  the database system is starting up") == "server_unavailable");
  BOOST_TEST(failure_class("something new") == "unavailable");
}

BOOST_AUTO_TEST_CASE(a_class_never_carries_the_message) {
  for (auto msg : {"connection to server at \"10.1.2.3\", port 5432 failed: x", "user bob at db.internal"})
    BOOST_TEST(std::string(failure_class(msg)).find_first_of(".\"@") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
