// The one conversion between storage::status and caf::error (actors/errors.hpp): every code,
// message and cause survives the trip through an actor, and CAF's own errors read as statuses.
#include <boost/test/unit_test.hpp>

#include "actors/errors.hpp"

using storage::code;
using storage::failure_cause;

BOOST_AUTO_TEST_SUITE(actor_errors)

BOOST_AUTO_TEST_CASE(a_status_survives_the_trip_through_caf_error) {
  struct row {
    code c;
    failure_cause why;
  };
  const row rows[] = {
      {code::not_found, failure_cause::none},         {code::conflict, failure_cause::none},
      {code::unavailable, failure_cause::auth_failed}, {code::unavailable, failure_cause::connection_refused},
      {code::timeout, failure_cause::timeout},         {code::overloaded, failure_cause::none},
      {code::invalid, failure_cause::none},            {code::retryable, failure_cause::none},
      {code::internal, failure_cause::none},           {code::unavailable, failure_cause::server_unavailable},
  };
  for (const auto& r : rows) {
    const storage::status st = storage::status(r.c, "store said " + std::string(storage::to_string(r.c)), r.why);
    const auto err = actors::to_error(st);
    BOOST_TEST(static_cast<bool>(err));
    const auto back = actors::status_of(err);
    BOOST_TEST(storage::to_string(back.error_code()) == storage::to_string(r.c));
    BOOST_TEST(back.message() == st.message());
    BOOST_TEST(storage::to_string(back.cause()) == storage::to_string(r.why));
    BOOST_TEST(actors::message_of(err) == st.message());
  }
}

BOOST_AUTO_TEST_CASE(success_is_no_error) {
  BOOST_TEST(!actors::to_error(storage::status::ok()));
  BOOST_TEST(actors::status_of(caf::error{}).is_ok());
}

BOOST_AUTO_TEST_CASE(cafs_own_errors_read_as_statuses) {
  const auto timeout = actors::status_of(caf::make_error(caf::sec::request_timeout));
  BOOST_TEST(storage::to_string(timeout.error_code()) == "timeout");
  BOOST_TEST(storage::to_string(timeout.cause()) == "timeout");
  BOOST_TEST(timeout.message() == "no answer in time");
  const auto gone = actors::status_of(caf::make_error(caf::sec::request_receiver_down));
  BOOST_TEST(storage::to_string(gone.error_code()) == "unavailable");
  const auto other = actors::status_of(caf::make_error(caf::sec::unexpected_message));
  BOOST_TEST(storage::to_string(other.error_code()) == "internal");
  BOOST_TEST(!other.message().empty());
  BOOST_TEST(actors::message_of(caf::make_error(caf::sec::request_timeout)).empty());
}

BOOST_AUTO_TEST_SUITE_END()
