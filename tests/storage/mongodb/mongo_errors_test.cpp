#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

#include "storage/mongodb/mongo_driver.hpp"
#include "storage/mongodb/mongo_errors.hpp"

namespace {

bson_error_t make_error(uint32_t domain, uint32_t code, const char* message) {
  bson_error_t e{};
  e.domain = domain;
  e.code = code;
  std::strncpy(e.message, message, sizeof e.message - 1);
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mongo_errors)

BOOST_AUTO_TEST_CASE(mapping_table) {
  using storage::code;
  using cause = storage::failure_cause;
  struct row {
    uint32_t domain, code;
    const char* message;
    storage::code want;
    storage::failure_cause why;
  };
  const row rows[] = {
      {MONGOC_ERROR_SERVER, 11000, "E11000 duplicate key error", code::conflict, cause::none},
      {MONGOC_ERROR_SERVER, 11001, "E11001 duplicate key on update", code::conflict, cause::none},
      {MONGOC_ERROR_QUERY, 11000, "legacy API duplicate", code::conflict, cause::none},
      {MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
       "No suitable servers found: serverSelectionTimeoutMS expired", code::unavailable, cause::timeout},
      {MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
       "No suitable servers found (`serverSelectionTryOnce` set): [connection refused calling hello on "
       "'127.0.0.1:27017']",
       code::unavailable, cause::connection_refused},
      {MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
       "No suitable servers found (`serverSelectionTryOnce` set): [Failed to resolve 'db.internal']", code::unavailable,
       cause::dns},
      {MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_SOCKET, "socket error or timeout",
       code::unavailable, cause::connection_lost},
      {MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_CONNECT, "connection refused", code::unavailable,
       cause::connection_refused},
      {MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_NAME_RESOLUTION, "no such host",
       code::unavailable, cause::dns},
      {MONGOC_ERROR_SERVER, 50, "operation exceeded time limit", code::timeout, cause::timeout},
      {MONGOC_ERROR_SERVER, 262, "ExceededTimeLimit", code::timeout, cause::timeout},
      // FerretDB's deadline on a write waiting for SQLite's lock (a real message, abridged).
      {MONGOC_ERROR_SERVER, 1, "[msg_insert.go:168 handler.(*Handler).MsgInsert] [db.go:134 fsql.(*DB).InTransaction] interrupted (9)",
       code::timeout, cause::timeout},
      {MONGOC_ERROR_COMMAND, 1, "[db.go:134 fsql.(*DB).InTransaction] interrupted (9)", code::timeout, cause::timeout},
      {MONGOC_ERROR_SERVER, 1, "some other internal error", code::internal, cause::none},
      // FerretDB while its PostgreSQL is down (real messages, abridged): unavailable, and at a
      // new connection's handshake not an authentication failure.
      {MONGOC_ERROR_SERVER, 1,
       "[msg_find.go:358 handler.handleMaxTimeMSError] [collection.go:140 postgresql.(*collection).Query] "
       "failed to connect to `user=ferretdb database=ferretdb`:\n\t127.0.0.1:5433 (127.0.0.1): dial error: "
       "dial tcp 127.0.0.1:5433: connect: connection refused",
       code::unavailable, cause::server_unavailable},
      {MONGOC_ERROR_SERVER, 1, "[msg_insert.go:168 handler.(*Handler).MsgInsert] FATAL: terminating connection "
       "due to administrator command (SQLSTATE 57P01)", code::unavailable, cause::server_unavailable},
      {MONGOC_ERROR_SERVER, 1, "[count.go:127 postgresql.countExact] unexpected EOF", code::unavailable, cause::server_unavailable},
      {MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_AUTHENTICATE,
       "[msg_hello.go:151 handler.(*Handler).getUserSupportedMechs] failed to connect to `user=ferretdb "
       "database=ferretdb`: dial error", code::unavailable, cause::server_unavailable},
      {MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_AUTHENTICATE, "Authentication failed.",
       code::unavailable, cause::auth_failed},
      {MONGOC_ERROR_SERVER, 18, "Authentication failed.", code::unavailable, cause::auth_failed},
      {MONGOC_ERROR_SERVER, 13, "Command find requires authentication", code::unavailable, cause::auth_failed},
      {MONGOC_ERROR_SERVER, 91, "shutdown in progress", code::unavailable, cause::server_unavailable},
      {MONGOC_ERROR_SERVER, 10107, "not writable primary", code::unavailable, cause::server_unavailable},
      {MONGOC_ERROR_SERVER, 2, "BadValue", code::internal, cause::none},
      {MONGOC_ERROR_SERVER, 238, "NotImplemented", code::internal, cause::none},
      {MONGOC_ERROR_BSON, MONGOC_ERROR_BSON_INVALID, "invalid document", code::internal, cause::none},
      {MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_TOO_BIG, "too big", code::internal, cause::none},
      {MONGOC_ERROR_PROTOCOL, MONGOC_ERROR_PROTOCOL_INVALID_REPLY, "bad reply", code::internal,
       cause::none},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("domain " << r.domain << " code " << r.code) {
      auto e = make_error(r.domain, r.code, r.message);
      auto st = storage::to_status(e, "op");
      BOOST_TEST(storage::to_string(st.error_code()) == storage::to_string(r.want));
      BOOST_TEST(storage::to_string(st.cause()) == storage::to_string(r.why));
      BOOST_TEST(storage::is_auth_failure(e) == (r.why == cause::auth_failed));
      BOOST_TEST(st.message().rfind("op: ", 0) == 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(zeroed_error_is_internal) {
  bson_error_t e{};
  auto st = storage::to_status(e);
  BOOST_TEST(!st.is_ok());
  BOOST_TEST(storage::to_string(st.error_code()) == "internal");
}

BOOST_AUTO_TEST_CASE(server_error_reads_like_the_driver) {
  auto e = storage::server_error(11000, "E11000 dup");
  BOOST_TEST(e.domain == static_cast<uint32_t>(MONGOC_ERROR_SERVER));
  BOOST_TEST(storage::to_string(storage::to_status(e).error_code()) == "conflict");
  std::string huge(1000, 'x');
  auto big = storage::server_error(1, huge);  // truncated, still NUL-terminated
  BOOST_TEST(std::strlen(big.message) == sizeof big.message - 1);
}

BOOST_AUTO_TEST_CASE(messages_never_carry_a_password) {
  auto e = make_error(MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
                      "cannot reach mongodb://p2p_user:s3cret@db:27017/x?authSource=a now");
  auto st = storage::to_status(e, "ping");
  BOOST_TEST(st.message().find("s3cret") == std::string::npos);
  BOOST_TEST(st.message().find("p2p_user:***@db:27017") != std::string::npos);
  BOOST_TEST(storage::scrub_secrets("no url here") == "no url here");
  BOOST_TEST(storage::scrub_secrets("a mongodb+srv://u:pw@h/ b") == "a mongodb+srv://u:***@h/ b");
  BOOST_TEST(storage::scrub_secrets("http://u:pw@h/") == "http://u:pw@h/");
}

BOOST_AUTO_TEST_CASE(driver_log_levels) {
  using spdlog::level::level_enum;
  BOOST_TEST(storage::mongo_log_forward_level(MONGOC_LOG_LEVEL_DEBUG) == level_enum::off);
  BOOST_TEST(storage::mongo_log_forward_level(MONGOC_LOG_LEVEL_TRACE) == level_enum::off);
  BOOST_TEST(storage::mongo_log_forward_level(MONGOC_LOG_LEVEL_INFO) == level_enum::debug);
  BOOST_TEST(storage::mongo_log_forward_level(MONGOC_LOG_LEVEL_WARNING) == level_enum::warn);
  BOOST_TEST(storage::mongo_log_forward_level(MONGOC_LOG_LEVEL_ERROR) == level_enum::err);
  BOOST_TEST(storage::mongo_log_forward_level(MONGOC_LOG_LEVEL_CRITICAL) == level_enum::err);
}

BOOST_AUTO_TEST_SUITE_END()
