#include "storage/postgres/pg_connection.hpp"

#include <cassert>
#include <cerrno>
#include <cstring>
#include <libpq-fe.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <set>

#include <spdlog/spdlog.h>

#include "storage/common/url.hpp"
#include "storage/postgres/pg_errors.hpp"
#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/pg_values.hpp"

namespace storage {

void pg_result_deleter::operator()(::pg_result* r) const { PQclear(r); }
void pg_conn_deleter::operator()(::pg_conn* c) const { PQfinish(c); }

using result_ptr = std::unique_ptr<::pg_result, pg_result_deleter>;

int pg_result_set::rows() const { return result_ ? PQntuples(result_.get()) : 0; }
int pg_result_set::columns() const { return result_ ? PQnfields(result_.get()) : 0; }

bool pg_result_set::is_null(int row, int col) const {
  assert(row >= 0 && row < rows() && col >= 0 && col < columns());
  return PQgetisnull(result_.get(), row, col) != 0;
}

std::string_view pg_result_set::get(int row, int col) const {
  assert(row >= 0 && row < rows() && col >= 0 && col < columns());
  return {PQgetvalue(result_.get(), row, col),
          static_cast<size_t>(PQgetlength(result_.get(), row, col))};
}

std::optional<std::string> pg_result_set::get_optional(int row, int col) const {
  if (is_null(row, col))
    return std::nullopt;
  return std::string(get(row, col));
}

std::int64_t pg_result_set::affected_rows() const {
  if (!result_)
    return 0;
  return parse_int64(PQcmdTuples(result_.get())).value_or(0);
}

namespace {

// Keyword/value arrays for PQconnectStartParams, built from a parsed URL.
struct conninfo {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string password;
};

// The set of keywords this libpq understands.
const std::set<std::string>& libpq_keywords() {
  static const std::set<std::string> keywords = [] {
    std::set<std::string> out;
    PQconninfoOption* opts = PQconndefaults();
    for (auto* o = opts; o && o->keyword; ++o)
      out.insert(o->keyword);
    PQconninfoFree(opts);
    return out;
  }();
  return keywords;
}

result<conninfo> to_conninfo(const std::string& url) {
  auto parsed = parse_url(url);
  if (!parsed.is_ok())
    return status::invalid("postgres URL: " + parsed.get_status().message());
  const auto& u = parsed.value();
  if (u.scheme != "postgresql" && u.scheme != "postgres")
    return status::invalid("postgres URL: scheme must be postgresql:// or postgres://");
  conninfo out;
  // A seed list "h1:1,h2:2" becomes host=h1,h2 port=1,2 (libpq's multi-host form).
  std::string hosts, ports;
  if (u.host.find(',') != std::string::npos) {
    std::string_view rest = u.host;
    for (bool first = true; !rest.empty(); first = false) {
      auto comma = rest.find(',');
      auto entry = rest.substr(0, comma);
      auto colon = entry.rfind(':');
      hosts += (first ? "" : ",") + std::string(entry.substr(0, colon));
      ports += (first ? "" : ",") +
               (colon == std::string_view::npos ? std::string("5432") : std::string(entry.substr(colon + 1)));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else {
    hosts = u.host;
    if (u.port != 0)
      ports = std::to_string(u.port);
  }
  out.pairs.emplace_back("host", hosts);
  if (!ports.empty())
    out.pairs.emplace_back("port", ports);
  if (!u.user.empty())
    out.pairs.emplace_back("user", u.user);
  if (u.has_password) {
    out.pairs.emplace_back("password", u.password);
    out.password = u.password;
  }
  if (!u.database.empty())
    out.pairs.emplace_back("dbname", u.database);
  for (const auto& [k, v] : u.query) {
    if (!libpq_keywords().count(k) || k == "password" || k == "host" || k == "dbname")
      return status::invalid("postgres URL: unsupported connection option '" + k + "'");
    out.pairs.emplace_back(k, v);
  }
  if (!u.query.count("application_name"))
    out.pairs.emplace_back("application_name", "p2p-backend");
  return out;
}

// Server notices ("relation already exists, skipping") would go to stderr by default; they are
// not errors, so they go to the debug log, one line each.
void log_notice(void*, const char* message) {
  spdlog::debug("postgres notice: {}", sanitize_pg_message(message ? message : ""));
}

int poll_ms(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<std::int64_t>(left.count(), 60000));
}

}  // namespace

result<std::unique_ptr<pg_connection>> pg_connection::connect(const std::string& url,
                                                               std::chrono::milliseconds timeout,
                                                               pg_protocol protocol) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto info = to_conninfo(url);
  if (!info.is_ok())
    return info.get_status();
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : info->pairs) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  std::unique_ptr<::pg_conn, pg_conn_deleter> conn(PQconnectStartParams(keys.data(), values.data(), 0));
  if (!conn)
    return status::internal("connect: libpq could not allocate a connection");
  auto fail = [&](std::string_view why) {
    return pg_error_status("", true, "connect", why, info->password).because(cause_of_connect_failure(why));
  };
  if (PQstatus(conn.get()) == CONNECTION_BAD)
    return fail(PQerrorMessage(conn.get()));

  // As libpq documents: begin as if PQconnectPoll had asked to wait for writing.
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED)
      return fail(PQerrorMessage(conn.get()));
    pollfd pfd{PQsocket(conn.get()), static_cast<short>(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    if (pfd.fd < 0)
      return fail(PQerrorMessage(conn.get()));
    int ready = poll(&pfd, 1, poll_ms(deadline));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      return fail(std::string("poll failed: ") + std::strerror(errno));
    if (ready == 0)
      return fail("connect timed out after " + std::to_string(timeout.count()) + " ms");
    state = PQconnectPoll(conn.get());
  }
  PQsetNoticeProcessor(conn.get(), log_notice, nullptr);
  return std::unique_ptr<pg_connection>(new pg_connection(std::move(conn), protocol));
}

pg_connection::pg_connection(std::unique_ptr<::pg_conn, pg_conn_deleter> conn, pg_protocol protocol)
    : conn_(std::move(conn)), protocol_(protocol), created_at_(std::chrono::steady_clock::now()) {}

pg_connection::~pg_connection() = default;

status pg_connection::failure(std::string_view context, const ::pg_result* r) const {
  const bool bad = PQstatus(conn_.get()) == CONNECTION_BAD;
  const char* sqlstate = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  // Only the primary message: DETAIL may echo row values, and the statement text stays out.
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string_view message = primary ? primary : PQerrorMessage(conn_.get());
  const char* pass = PQpass(conn_.get());
  return pg_error_status(sqlstate ? sqlstate : "", bad, context, message, pass ? pass : "");
}

status pg_connection::prepare(const pg_statement& stmt) {
  auto found = prepared_.find(stmt.name);
  if (found != prepared_.end()) {
    // One name, one SQL text: two constants sharing a name would silently run the wrong one.
    assert(std::strcmp(found->second, stmt.sql) == 0);
    return status::ok();
  }
  result_ptr r(PQprepare(conn_.get(), stmt.name, stmt.sql, stmt.params, nullptr));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK)
    return failure(stmt.name, r.get());
  prepared_.emplace(stmt.name, stmt.sql);
  return status::ok();
}

result<pg_result_set> pg_connection::exec(const pg_statement& stmt, const pg_params& params) {
  assert(static_cast<int>(params.size()) == stmt.params);
  if (static_cast<int>(params.size()) != stmt.params)
    return status::internal(std::string(stmt.name) + ": wrong number of parameters");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p ? p->c_str() : nullptr);
  if (protocol_ == pg_protocol::unnamed)
    return exec_unnamed(stmt, values);
  if (auto st = prepare(stmt); !st)
    return st;
  result_ptr r(PQexecPrepared(conn_.get(), stmt.name, stmt.params, values.data(), nullptr, nullptr, 0));
  const auto rs = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK)
    return failure(stmt.name, r.get());
  return pg_result_set(std::move(r));
}

result<pg_result_set> pg_connection::exec_unnamed(const pg_statement& stmt, const std::vector<const char*>& values) {
  if (!local_timeout_ms_) {
    result_ptr r(PQexecParams(conn_.get(), stmt.sql, stmt.params, nullptr, values.data(), nullptr, nullptr, 0));
    const auto rs = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK)
      return failure(stmt.name, r.get());
    return pg_result_set(std::move(r));
  }
  // One round trip: the timeout for this transaction, then the statement, then Sync. Between
  // two Syncs the server runs both in one implicit transaction (or in the caller's open one),
  // so the local setting covers the statement and nothing after it.
  if (PQenterPipelineMode(conn_.get()) != 1)
    return failure(stmt.name, nullptr);
  const char* timeout[] = {local_timeout_ms_->c_str()};
  const bool sent = PQsendQueryParams(conn_.get(), "SELECT set_config('statement_timeout', $1, true)", 1, nullptr,
                                      timeout, nullptr, nullptr, 0) == 1 &&
                    PQsendQueryParams(conn_.get(), stmt.sql, stmt.params, nullptr, values.data(), nullptr, nullptr, 0) == 1 &&
                    PQpipelineSync(conn_.get()) == 1;
  result_ptr second, failed;
  bool error = !sent;
  if (sent) {
    // Every result up to the Sync's must be read before the pipeline can end: each query's
    // result is followed by a NULL, and an error marks the rest PGRES_PIPELINE_ABORTED.
    for (int query = 0; query < 2; ++query) {
      result_ptr r(PQgetResult(conn_.get()));
      const auto rs = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
      if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
        if (!error)
          failed = std::move(r);  // the first error explains; later ones are PIPELINE_ABORTED
        error = true;
      } else if (query == 1) {
        second = std::move(r);
      }
      while (result_ptr extra{PQgetResult(conn_.get())}) {
      }
    }
    for (;;) {
      result_ptr r(PQgetResult(conn_.get()));
      if (!r || PQresultStatus(r.get()) == PGRES_PIPELINE_SYNC || is_broken())
        break;
    }
  }
  PQexitPipelineMode(conn_.get());
  if (error)
    return failure(stmt.name, failed.get());
  return pg_result_set(std::move(second));
}

std::optional<bool> pg_connection::behind_proxy() {
  auto r = exec(queries::client_port, {});
  if (!r.is_ok() || r->rows() != 1)
    return std::nullopt;
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (::getsockname(PQsocket(conn_.get()), reinterpret_cast<sockaddr*>(&local), &len) != 0)
    return std::nullopt;
  const bool server_sees_tcp = !r->is_null(0, 0);
  if (local.ss_family == AF_UNIX)
    return server_sees_tcp;
  if (!server_sees_tcp)
    return true;  // this side is TCP, the server was reached over a Unix socket: a hop between
  int own = 0;
  if (local.ss_family == AF_INET)
    own = ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
  else if (local.ss_family == AF_INET6)
    own = ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
  return std::string(r->get(0, 0)) != std::to_string(own);
}

status pg_connection::exec_script(std::string_view sql, std::string_view context) {
  std::string text(sql);  // PQexec needs a terminated string
  result_ptr r(PQexec(conn_.get(), text.c_str()));
  const auto rs = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK && rs != PGRES_EMPTY_QUERY)
    return failure(context, r.get());
  return status::ok();
}

status pg_connection::ping() {
  result_ptr r(PQexec(conn_.get(), ""));
  if (!r || PQresultStatus(r.get()) != PGRES_EMPTY_QUERY)
    return failure("ping", r.get());
  return status::ok();
}

status pg_connection::listen(std::string_view channel) {
  return exec_script("LISTEN " + std::string(channel), "listen");
}

result<std::vector<std::string>> pg_connection::wait_notifications(std::chrono::milliseconds timeout) {
  std::vector<std::string> out;
  auto drain = [&] {
    while (PGnotify* n = PQnotifies(conn_.get())) {
      out.emplace_back(n->extra ? n->extra : "");
      PQfreemem(n);
    }
  };
  drain();  // what an earlier call already read
  if (!out.empty())
    return out;
  pollfd pfd{PQsocket(conn_.get()), POLLIN, 0};
  if (pfd.fd < 0)
    return failure("listen", nullptr);
  const int ready = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
  if (ready < 0 && errno != EINTR)
    return status::unavailable(std::string("listen: poll failed: ") + std::strerror(errno));
  if (ready > 0 && PQconsumeInput(conn_.get()) != 1)
    return failure("listen", nullptr);
  drain();
  if (is_broken())
    return failure("listen", nullptr);
  return out;
}

status pg_connection::set_statement_timeout(std::chrono::milliseconds timeout) {
  if (protocol_ == pg_protocol::unnamed) {
    local_timeout_ms_ = std::to_string(timeout.count());
    return status::ok();
  }
  if (statement_timeout_ms_ && *statement_timeout_ms_ == timeout.count())
    return status::ok();
  statement_timeout_ms_.reset();
  const bool in_tx = in_transaction();
  auto r = exec(queries::set_statement_timeout, {std::to_string(timeout.count())});
  if (!r.is_ok())
    return r.get_status();
  if (!in_tx)
    statement_timeout_ms_ = timeout.count();
  return status::ok();
}

bool pg_connection::is_broken() const { return PQstatus(conn_.get()) == CONNECTION_BAD; }

bool pg_connection::in_transaction() const {
  auto ts = PQtransactionStatus(conn_.get());
  return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR || ts == PQTRANS_ACTIVE;
}

int pg_connection::backend_pid() const { return PQbackendPID(conn_.get()); }

}  // namespace storage
