#include <boost/test/unit_test.hpp>

#include "storage/postgres/pg_errors.hpp"

using storage::code;

BOOST_AUTO_TEST_SUITE(pg_errors)

BOOST_AUTO_TEST_CASE(sqlstate_table) {
  struct row {
    const char* sqlstate;
    bool connection_bad;
    code expected;
  };
  const row table[] = {
      {"23505", false, code::conflict},     // unique_violation
      {"23P01", false, code::conflict},     // exclusion_violation
      {"23503", false, code::not_found},    // foreign_key_violation: the parent is missing
      {"23514", false, code::invalid},      // check_violation
      {"23502", false, code::invalid},      // not_null_violation
      {"22P02", false, code::invalid},      // invalid_text_representation (bad uuid, bad json)
      {"22001", false, code::invalid},      // string_data_right_truncation
      {"22023", false, code::invalid},      // invalid_parameter_value
      {"40001", false, code::retryable},    // serialization_failure
      {"40P01", false, code::retryable},    // deadlock_detected
      {"57P01", false, code::unavailable},  // admin_shutdown (pg_terminate_backend)
      {"57P02", false, code::unavailable},  // crash_shutdown
      {"57P03", false, code::unavailable},  // cannot_connect_now
      {"08006", false, code::unavailable},  // connection_failure
      {"08001", false, code::unavailable},  // sqlclient_unable_to_establish_sqlconnection
      {"53300", false, code::unavailable},  // too_many_connections
      {"57014", false, code::timeout},      // query_canceled (statement_timeout)
      {"42601", false, code::internal},     // syntax_error
      {"42P01", false, code::internal},     // undefined_table
      {"XX000", false, code::internal},     // internal_error
      {"", false, code::internal},          // no SQLSTATE, connection fine
      {"", true, code::unavailable},        // no SQLSTATE, connection broken
      {"23505", true, code::unavailable},   // a broken connection wins
      {"57014", true, code::unavailable},
  };
  for (const auto& r : table) {
    BOOST_TEST_CONTEXT("sqlstate '" << r.sqlstate << "' bad=" << r.connection_bad) {
      BOOST_TEST(storage::to_string(storage::code_for_sqlstate(r.sqlstate, r.connection_bad)) ==
                 storage::to_string(r.expected));
    }
  }
}

BOOST_AUTO_TEST_CASE(sanitize_strips_prefix_newlines_and_password) {
  BOOST_TEST(storage::sanitize_pg_message("ERROR:  duplicate key value\n") == "duplicate key value");
  BOOST_TEST(storage::sanitize_pg_message(
                 "connection to server at \"h\" failed: FATAL:  password authentication failed\n"
                 "for user \"u\" with s3cr3t", "s3cr3t") ==
             "connection to server at \"h\" failed: FATAL: password authentication failed for user \"u\" with ***");
  BOOST_TEST(storage::sanitize_pg_message("a s3cr3ts3cr3t b", "s3cr3t") == "a ****** b");
  BOOST_TEST(storage::sanitize_pg_message("nothing secret", "") == "nothing secret");
  BOOST_TEST(storage::sanitize_pg_message(std::string(1000, 'x')).size() == 300u);
}

BOOST_AUTO_TEST_CASE(status_message_names_context_and_state_not_secrets) {
  auto st = storage::pg_error_status("23505", false, "user_insert",
                                     "duplicate key value violates unique constraint \"k\"", "pw");
  BOOST_TEST(static_cast<int>(st.error_code()) == static_cast<int>(code::conflict));
  BOOST_TEST(st.message() == "user_insert: 23505 duplicate key value violates unique constraint \"k\"");
  auto bad = storage::pg_error_status("", true, "connect", "FATAL:  password pw rejected", "pw");
  BOOST_TEST(static_cast<int>(bad.error_code()) == static_cast<int>(code::unavailable));
  BOOST_TEST(bad.message().find("pw") == std::string::npos);
  BOOST_TEST(storage::pg_error_status("", false, "", "").message() == "no error message");
}

BOOST_AUTO_TEST_SUITE_END()
