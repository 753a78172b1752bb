// SQLSTATE (and connection state) to storage::status: the one place PostgreSQL errors are
// classified. Pure functions, unit-tested in tests/storage/postgres/pg_errors_test.cpp.
#pragma once

#include <string>
#include <string_view>

#include "storage/common/status.hpp"

namespace storage {

// The code a failed PostgreSQL call maps to. `connection_bad` (PQstatus == CONNECTION_BAD)
// wins over any SQLSTATE: on a broken connection the outcome is unknown, so it is
// `unavailable`. Otherwise, by SQLSTATE:
//   23505 unique_violation, 23P01 exclusion_violation        -> conflict
//   23503 foreign_key_violation                              -> not_found (see below)
//   other class 23 (23502 not null, 23514 check, ...), 22xxx -> invalid
//   40001 serialization_failure, 40P01 deadlock_detected     -> retryable
//   57P01/57P02/57P03 shutdown or cannot connect now, 08xxx,
//   53300 too_many_connections                               -> unavailable
//   57014 query_canceled (statement_timeout)                 -> timeout
//   anything else (42xxx syntax/undefined objects, XX000...) -> internal
// 23503 means "not_found": every foreign key in the schema is ON DELETE CASCADE, so the
// only way to violate one is to insert or update a row that points at a missing parent
// (for example a session for a deleted user) -- the referenced thing was not found.
code code_for_sqlstate(std::string_view sqlstate, bool connection_bad);

// The link failure a SQLSTATE names: 28P01/28000 (password or authorization refused) ->
// auth_failed; 57P01/57P02/57P03 and 53300 -> server_unavailable; 08xxx -> connection_lost;
// 57014 -> timeout; none otherwise.
failure_cause cause_for_sqlstate(std::string_view sqlstate);

// The cause of a failed connection attempt, from libpq's message. This one is read from text
// because libpq has nothing else: before a session exists no SQLSTATE reaches the client
// (PQconnectPoll gives only PQerrorMessage), so "Connection refused", "could not translate host
// name", "password authentication failed" and the server's FATAL text are all it says.
failure_cause cause_of_connect_failure(std::string_view libpq_message);

// The status for a failure: the mapped code, cause_for_sqlstate (connection_lost for a broken
// connection without one), and "<context>: <SQLSTATE> <message>" with the
// message made safe for logs (see sanitize_pg_message). `context` names the operation (a
// statement name such as "user_insert"), never SQL text.
status pg_error_status(std::string_view sqlstate, bool connection_bad, std::string_view context,
                       std::string_view message, std::string_view password = {});

// One line, trimmed, without libpq's "ERROR:  "/"FATAL:  " prefixes, with every occurrence of
// `password` (when not empty) replaced by "***", at most 300 characters. Callers pass only
// the primary message, never the DETAIL (it may echo row values) nor the statement text.
std::string sanitize_pg_message(std::string_view message, std::string_view password = {});

}  // namespace storage
