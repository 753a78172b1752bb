// A cheap result value for the storage layer. Errors are values: passed along, never thrown
// across module lines. Thread-compatible (a value type).
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace storage {

// What went wrong, in the terms callers act on. Mapped to caf::error once at the actor boundary
// and to an HTTP answer once in http/.
enum class code {
  ok = 0,
  not_found,    // no such row or document
  conflict,     // unique constraint, or a state that forbids the change
  unavailable,  // the store cannot be reached, or the connection broke
  timeout,      // the deadline passed before the store answered
  overloaded,   // a pool's wait queue is full: shed load
  invalid,      // the request breaks a rule the store enforces
  retryable,    // serialization failure or deadlock: the same work may succeed again
  internal,     // a bug or an unexpected answer
};

std::string_view to_string(code c);

// Why a store could not be reached or refused us, as its driver tells (by an error code where the
// driver has one: postgres/pg_errors.hpp and mongodb/mongo_errors.hpp say how). Safe to show
// anyone: GET /health shows it instead of driver text, and startup stops retrying on
// auth_failed.
enum class failure_cause : unsigned char {
  none = 0,            // not a link failure, or the driver does not say
  connection_refused,  // nothing listens at the address
  auth_failed,         // the credentials were refused: configuration, not an outage
  timeout,             // no answer in time
  dns,                 // the host name did not resolve
  connection_lost,     // the connection broke (reset, closed, terminated)
  server_unavailable,  // the server answers but cannot serve (starting up, shutting down, full)
};

// "none", "connection_refused", ...
std::string_view to_string(failure_cause c);

class status {
public:
  status() = default;

  static status ok() { return {}; }
  static status not_found(std::string msg) { return {code::not_found, std::move(msg)}; }
  static status conflict(std::string msg) { return {code::conflict, std::move(msg)}; }
  static status unavailable(std::string msg) { return {code::unavailable, std::move(msg)}; }
  static status timeout(std::string msg) { return {code::timeout, std::move(msg)}; }
  static status overloaded(std::string msg) { return {code::overloaded, std::move(msg)}; }
  static status invalid(std::string msg) { return {code::invalid, std::move(msg)}; }
  static status retryable(std::string msg) { return {code::retryable, std::move(msg)}; }
  static status internal(std::string msg) { return {code::internal, std::move(msg)}; }

  status(code c, std::string msg, failure_cause why = failure_cause::none)
      : code_(c), message_(std::move(msg)), cause_(why) {}

  bool is_ok() const { return code_ == code::ok; }
  explicit operator bool() const { return is_ok(); }
  code error_code() const { return code_; }
  const std::string& message() const { return message_; }
  failure_cause cause() const { return cause_; }
  // The same status with the driver's reason attached.
  status because(failure_cause why) && {
    cause_ = why;
    return std::move(*this);
  }

  // "unavailable: connection refused"
  std::string to_string() const;

private:
  code code_ = code::ok;
  std::string message_;
  failure_cause cause_ = failure_cause::none;
};

// A value or the status that explains its absence.
template <class T>
class result {
public:
  using value_type = T;

  result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  result(status st) : status_(std::move(st)) {}  // NOLINT: implicit by design

  bool is_ok() const { return status_.is_ok(); }
  const status& get_status() const { return status_; }
  T& value() { return value_; }
  const T& value() const { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

private:
  T value_{};
  status status_;
};

}  // namespace storage
