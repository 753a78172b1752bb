// The one place where a Mongo C driver error (bson_error_t: domain, code, message) becomes a
// storage::status. Every store and the pool call to_status(); nobody else reads error codes.
//
//   duplicate key (server 11000, 11001, 12582)               -> conflict
//   server selection failed, stream/socket errors,
//   connection refused, node shutting down or not primary   -> unavailable
//   FerretDB's InternalError (1) when its PostgreSQL is
//   down or dropped the connection ("failed to connect to",
//   "dial error", "SQLSTATE 57P01", ...)                     -> unavailable (never an
//                                                               authentication failure)
//   MaxTimeMSExpired (50), ExceededTimeLimit (262)           -> timeout
//   authentication failed (client domain, code AUTHENTICATE;
//   SASL/SCRAM domains; server 18 AuthenticationFailed;
//   server 13 Unauthorized)                                  -> unavailable, message starts
//                                                               with "authentication failed"
//   anything else                                            -> internal
//
// Link failures carry a failure_cause: auth_failed (the codes above), a stream error's by its code
// (name resolution -> dns, connect -> connection_refused, else connection_lost), a failed
// server selection's from the failed hello folded into its message (mongoc keeps no code for it),
// server_unavailable for the node codes and FerretDB's backend outage, timeout for the deadlines.
//
// Messages read "<context>: <driver message>" with any mongodb:// URL in them redacted, so a
// password never reaches a status or a log line.
#pragma once

#include <string>
#include <string_view>

#include <mongoc/mongoc.h>

#include "storage/common/status.hpp"

namespace storage {

// The prefix of every authentication-failure message (after the context).
inline constexpr std::string_view auth_failed_prefix = "authentication failed";

// Maps `error` to a status. `context` names the operation ("insert forum_posts"); may be empty.
// A zeroed bson_error_t (no domain) maps to internal("...: unknown error").
status to_status(const bson_error_t& error, std::string_view context = {});

// True when `error` says the credentials were refused (or the user may not run the command):
// a configuration problem, not an outage. The status is still unavailable; this tells them apart.
bool is_auth_failure(const bson_error_t& error);

// Builds a bson_error_t as the driver would for a server error (domain MONGOC_ERROR_SERVER),
// for errors read from a command reply (writeErrors, writeConcernError).
bson_error_t server_error(uint32_t code, std::string_view message);

// `text` with every mongodb:// or mongodb+srv:// URL in it passed through redact_url.
std::string scrub_secrets(std::string_view text);

}  // namespace storage
