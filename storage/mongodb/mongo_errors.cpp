#include "storage/mongodb/mongo_errors.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "storage/common/url.hpp"

namespace storage {

namespace {

bool is_duplicate_key(uint32_t code) { return code == 11000 || code == 11001 || code == 12582; }

// Server codes that mean "this node cannot serve you now": the store is unavailable.
bool is_server_unavailable(uint32_t code) {
  switch (code) {
    case 6:      // HostUnreachable
    case 7:      // HostNotFound
    case 89:     // NetworkTimeout
    case 91:     // ShutdownInProgress
    case 189:    // PrimarySteppedDown
    case 10107:  // NotWritablePrimary
    case 11600:  // InterruptedAtShutdown
    case 11602:  // InterruptedDueToReplStateChange
    case 13435:  // NotPrimaryNoSecondaryOk
    case 13436:  // NotPrimaryOrSecondary
      return true;
    default:
      return false;
  }
}

// FerretDB 1.24 on SQLite: when the maxTimeMS we send runs out while a write waits for SQLite's
// single writer lock, it interrupts the transaction (SQLITE_INTERRUPT) and answers
// InternalError (1) "... interrupted (9)" instead of MaxTimeMSExpired (50). Same meaning: the
// deadline passed (docs/benchmarks.md, finding 2).
bool is_interrupted_by_deadline(uint32_t code, std::string_view text) {
  return code == 1 && text.find("interrupted (9)") != std::string_view::npos;
}

// FerretDB on PostgreSQL while its PostgreSQL is down, restarting or dropping connections: an
// InternalError (1) carrying the backend's error, e.g. "... failed to connect to `user=ferretdb
// database=ferretdb`: ... dial error: ... connection refused" or "FATAL: terminating connection
// due to administrator command (SQLSTATE 57P01)". The store is unavailable, not broken. The same
// text also comes as an authentication error when a new connection's handshake needs FerretDB's
// user list from PostgreSQL.
bool names_backend_outage(std::string_view text) {
  static constexpr std::string_view signs[] = {
      "failed to connect to `", "dial error", "connection refused", "unexpected EOF", "conn closed",
      "connection reset by peer", "broken pipe", "SQLSTATE 57P0", "SQLSTATE 08",
  };
  return std::any_of(std::begin(signs), std::end(signs),
                     [&](std::string_view s) { return text.find(s) != std::string_view::npos; });
}

bool is_backend_outage(uint32_t code, std::string_view text) { return code == 1 && names_backend_outage(text); }

// A stream error's cause, by its code.
failure_cause stream_cause(uint32_t code) {
  switch (code) {
    case MONGOC_ERROR_STREAM_NAME_RESOLUTION: return failure_cause::dns;
    case MONGOC_ERROR_STREAM_CONNECT: return failure_cause::connection_refused;
    default: return failure_cause::connection_lost;
  }
}

// A failed server selection's cause. mongoc 1.23 folds the error of the hello that failed into
// the selection error's message ("No suitable servers found (...): [connection refused calling
// hello on 'host:port']") and keeps no code for it, so the reason is read from there; a
// selection that ran out of time without an answer says "expired".
failure_cause server_selection_cause(std::string_view text) {
  auto has = [&](std::string_view s) { return text.find(s) != std::string_view::npos; };
  if (has("connection refused"))
    return failure_cause::connection_refused;
  if (has("Failed to resolve") || has("failed to resolve"))
    return failure_cause::dns;
  if (has("expired") || has("timeout") || has("timed out"))
    return failure_cause::timeout;
  return failure_cause::none;
}

std::string with_context(std::string_view context, std::string_view text) {
  std::string out;
  if (!context.empty()) {
    out.append(context);
    out += ": ";
  }
  out += scrub_secrets(text);
  return out;
}

}  // namespace

bool is_auth_failure(const bson_error_t& e) {
  if (names_backend_outage(std::string_view(e.message, strnlen(e.message, sizeof e.message))))
    return false;  // the handshake failed because FerretDB could not reach its PostgreSQL
  switch (e.domain) {
    case MONGOC_ERROR_CLIENT: return e.code == MONGOC_ERROR_CLIENT_AUTHENTICATE;
    case MONGOC_ERROR_SASL:
    case MONGOC_ERROR_SCRAM: return true;
    case MONGOC_ERROR_SERVER:
    case MONGOC_ERROR_QUERY: return e.code == 18 || e.code == 13;
    default: return false;
  }
}

status to_status(const bson_error_t& e, std::string_view context) {
  std::string_view text(e.message, strnlen(e.message, sizeof e.message));
  if (e.domain == 0)
    return status::internal(with_context(context, text.empty() ? "unknown error" : text));
  if (is_auth_failure(e))
    return status::unavailable(with_context(context, std::string(auth_failed_prefix) + ": " + std::string(text)))
        .because(failure_cause::auth_failed);
  if (e.domain == MONGOC_ERROR_CLIENT && names_backend_outage(text))
    return status::unavailable(with_context(context, text)).because(failure_cause::server_unavailable);
  switch (e.domain) {
    case MONGOC_ERROR_SERVER_SELECTION:
      return status::unavailable(with_context(context, text)).because(server_selection_cause(text));
    case MONGOC_ERROR_STREAM:
      return status::unavailable(with_context(context, text)).because(stream_cause(e.code));
    case MONGOC_ERROR_SERVER:
    case MONGOC_ERROR_QUERY:  // legacy error API puts server codes here
    case MONGOC_ERROR_COMMAND:
    case MONGOC_ERROR_COLLECTION:
    case MONGOC_ERROR_WRITE_CONCERN:
      if (is_duplicate_key(e.code))
        return status::conflict(with_context(context, text));
      if (e.code == MONGOC_ERROR_MAX_TIME_MS_EXPIRED || e.code == 262 || is_interrupted_by_deadline(e.code, text))
        return status::timeout(with_context(context, text)).because(failure_cause::timeout);
      if (e.domain == MONGOC_ERROR_SERVER && is_server_unavailable(e.code))
        return status::unavailable(with_context(context, text)).because(failure_cause::server_unavailable);
      if (is_backend_outage(e.code, text))
        return status::unavailable(with_context(context, text)).because(failure_cause::server_unavailable);
      break;
    default:
      break;
  }
  return status::internal(with_context(context, text));
}

bson_error_t server_error(uint32_t code, std::string_view message) {
  bson_error_t e{};
  e.domain = MONGOC_ERROR_SERVER;
  e.code = code;
  auto n = std::min(message.size(), sizeof e.message - 1);
  std::memcpy(e.message, message.data(), n);
  e.message[n] = '\0';
  return e;
}

std::string scrub_secrets(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    auto hit = text.find("mongodb", pos);
    if (hit == std::string_view::npos || text.find("://", hit) == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    auto sep = text.find("://", hit);
    auto scheme = text.substr(hit, sep - hit);
    if (scheme != "mongodb" && scheme != "mongodb+srv") {
      out.append(text.substr(pos, sep + 3 - pos));
      pos = sep + 3;
      continue;
    }
    out.append(text.substr(pos, hit - pos));
    auto end = text.find_first_of(" \t\r\n\"'", hit);
    if (end == std::string_view::npos)
      end = text.size();
    out += redact_url(text.substr(hit, end - hit));
    pos = end;
  }
  return out;
}

}  // namespace storage
