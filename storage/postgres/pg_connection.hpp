// One PostgreSQL connection: RAII over libpq's PGconn and PGresult. This file pair is the only
// code that includes libpq-fe.h; the rest of the project sees these classes.
//
// Thread safety: a pg_connection is used by one thread at a time (libpq's rule); give each
// detached worker its own. pg_result_set is a value owned by its thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/common/status.hpp"

// libpq's own struct tags (PGconn, PGresult), declared so that this header needs no libpq.
struct pg_conn;
struct pg_result;

namespace storage {

// A named SQL statement with `params` positional parameters ($1..$n). Declared as constants
// (storage/postgres/pg_queries.hpp); prepared once per connection on first use. The name must be
// unique per SQL text: one name always means one statement.
struct pg_statement {
  const char* name;
  const char* sql;
  int params;
};

// Text parameters; nullopt is SQL NULL.
using pg_params = std::vector<std::optional<std::string>>;

struct pg_result_deleter {
  void operator()(::pg_result* r) const;
};

// The rows (or command outcome) of one successful statement, in text format. Indexes are
// 0-based; reading out of range is a bug (asserted).
class pg_result_set {
public:
  pg_result_set() = default;
  explicit pg_result_set(std::unique_ptr<::pg_result, pg_result_deleter> r) : result_(std::move(r)) {}

  int rows() const;
  int columns() const;
  bool is_null(int row, int col) const;
  // The value's text; empty for NULL (check is_null when it matters).
  std::string_view get(int row, int col) const;
  // nullopt for NULL.
  std::optional<std::string> get_optional(int row, int col) const;
  // Rows inserted, updated or deleted (PQcmdTuples); 0 for statements that report none.
  std::int64_t affected_rows() const;

private:
  std::unique_ptr<::pg_result, pg_result_deleter> result_;
};

// How statements travel. `prepared`: named prepared statements, prepared once per connection
// (the fastest; needs a connection that stays the same session). `unnamed`: every statement is
// parsed with the unnamed statement, for transaction poolers, which hand each transaction to
// any server connection.
enum class pg_protocol { prepared, unnamed };

struct pg_conn_deleter {
  void operator()(::pg_conn* c) const;
};

class pg_connection {
public:
  // Opens a connection without blocking past `timeout`: PQconnectStartParams, then
  // PQconnectPoll driven by poll() against a millisecond deadline. Accepts postgresql:// and
  // postgres:// URLs (a "+driver" scheme suffix is dropped); query parameters pass through
  // as libpq keywords (e.g. options=-csearch_path%3Dmy_schema, sslmode=require) and an
  // unknown keyword is `invalid`. Sets application_name=p2p-backend unless the URL sets it.
  // Errors: invalid (bad URL), unavailable (refused, auth failed, deadline passed). Messages
  // never contain the password. Host name resolution happens inside PQconnectStartParams and
  // is not bounded by `timeout` (libpq resolves synchronously): prefer addresses or a local
  // resolver. Server notices go to spdlog at debug level, not to stderr.
  static result<std::unique_ptr<pg_connection>> connect(const std::string& url,
                                                        std::chrono::milliseconds timeout,
                                                        pg_protocol protocol = pg_protocol::prepared);

  pg_connection(const pg_connection&) = delete;
  pg_connection& operator=(const pg_connection&) = delete;
  ~pg_connection();

  // Runs a named statement with text parameters, preparing it on this connection first when
  // this connection has not yet (a new connection after a reconnect prepares again). Errors
  // are mapped by pg_error_status (storage/postgres/pg_errors.hpp) with the statement name as context.
  result<pg_result_set> exec(const pg_statement& stmt, const pg_params& params);

  // Runs SQL text with the simple query protocol: it may hold many statements (migrations,
  // BEGIN/COMMIT). Only constant or file SQL, never text built from input. `context` names
  // the script in error messages (the SQL text never appears there).
  status exec_script(std::string_view sql, std::string_view context = "script");

  // A cheap round trip (an empty query); `unavailable` when the connection is gone.
  status ping();

  // LISTEN on `channel` (a constant name, never input). Session state: only on a direct
  // connection, never through a transaction pooler.
  status listen(std::string_view channel);
  // Waits up to `timeout` for notifications on the channels this connection listens to; their
  // payloads, oldest first (none when nothing arrived). `unavailable` when the connection broke.
  result<std::vector<std::string>> wait_notifications(std::chrono::milliseconds timeout);

  // Sets the statement_timeout (0 disables it). `prepared`: for the session, sent only when
  // `timeout` differs from the last value this connection set (inside a transaction the value
  // is sent but not remembered, since a rollback would undo it). `unnamed`: no session state;
  // every later exec() runs `set_config('statement_timeout', timeout, true)` in the same
  // pipeline and transaction as its statement (one round trip).
  status set_statement_timeout(std::chrono::milliseconds timeout);

  // Whether something (a pooler, a proxy) sits between this connection and the server: the
  // server sees another client port than this socket's own (or a TCP client where this side
  // uses a Unix socket). nullopt when the query fails.
  std::optional<bool> behind_proxy();

  bool is_broken() const;       // CONNECTION_BAD: discard this connection
  bool in_transaction() const;  // inside BEGIN (or a failed transaction block)
  int backend_pid() const;
  std::chrono::steady_clock::time_point created_at() const { return created_at_; }

private:
  pg_connection(std::unique_ptr<::pg_conn, pg_conn_deleter> conn, pg_protocol protocol);

  status failure(std::string_view context, const ::pg_result* r) const;
  status prepare(const pg_statement& stmt);
  result<pg_result_set> exec_unnamed(const pg_statement& stmt, const std::vector<const char*>& values);

  std::unique_ptr<::pg_conn, pg_conn_deleter> conn_;
  pg_protocol protocol_ = pg_protocol::prepared;
  std::optional<std::string> local_timeout_ms_;  // unnamed: applied with every statement
  std::chrono::steady_clock::time_point created_at_;
  std::unordered_map<std::string, const char*> prepared_;  // name -> the SQL it was prepared with
  std::optional<std::int64_t> statement_timeout_ms_;      // last value set outside a transaction
};

}  // namespace storage
