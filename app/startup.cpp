#include "app/startup.hpp"

#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "config/secrets.hpp"
#include "storage/common/backoff.hpp"
#include "storage/ferretdb/ferretdb_accelerators.hpp"
#include "storage/mongodb/mongo_driver.hpp"
#include "storage/mongodb/mongo_migrator.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrator.hpp"
#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/service_secret_store.hpp"
#include "storage/postgres/startup_checks.hpp"

namespace app {

namespace {

// Runs `attempt` until it succeeds, fails for good (`fatal`), or the attempts run out.
template <class Attempt, class Fatal>
storage::status with_retries(const char* store, const storage::retry_settings& r, Attempt attempt, Fatal fatal) {
  storage::status st;
  for (int n = 0; n < r.startup_attempts; ++n) {
    st = attempt();
    if (st.is_ok() || fatal(st))
      return st;
    if (n + 1 == r.startup_attempts)
      break;
    auto delay = storage::backoff_delay(r, n, storage::random_unit());
    spdlog::warn("{}: attempt {} of {} failed ({}); next in {} ms", store, n + 1, r.startup_attempts,
                 st.message(), delay.count());
    std::this_thread::sleep_for(delay);
  }
  return storage::status::unavailable(std::string(store) + " unreachable after " +
                                      std::to_string(r.startup_attempts) + " attempts: " + st.message());
}

// Logs a check's note at its level.
void log_note(const storage::startup_finding& f) {
  if (!f.note.empty())
    spdlog::log(f.warning ? spdlog::level::warn : spdlog::level::info, "{}", f.note);
}

// Without migrate_on_start (production: the migrations are a release step of their own), the
// schema must hold every migration this binary ships (storage/postgres/startup_checks.hpp).
storage::status check_schema(const storage::pg_settings& s) {
  storage::migrator_options o;
  o.url = s.direct();  // like the migrations: never through a transaction pooler
  o.connect_timeout = s.connect_timeout;
  auto inspected = storage::pg_migrator(o).inspect();
  if (!inspected.is_ok())
    return inspected.get_status();
  auto finding = storage::check_schema(inspected.value());
  log_note(finding);
  return finding.verdict;
}

// `auto` becomes `transaction` when a proxy sits between the service and the server.
storage::pg_pooler resolve_pooler(const storage::pg_settings& s, storage::pg_connection& c) {
  if (s.pooler != storage::pg_pooler::automatic)
    return s.pooler;
  auto finding = storage::resolve_pooler(s.pooler, c.behind_proxy());
  if (!finding.note.empty())
    spdlog::log(finding.warning ? spdlog::level::warn : spdlog::level::info, "{}", finding.note);
  return finding.pooler;
}

// The connection budget against the server's max_connections (read over `direct`).
storage::status check_budget(const storage::pg_settings& s, storage::pg_connection& direct) {
  auto max = direct.exec(storage::queries::server_connection_limits, {});
  std::optional<int> limit;
  if (max.is_ok() && max->rows() == 1)
    limit = storage::connection_limit(max->get(0, 0), max->get(0, 1));
  if (!limit) {
    spdlog::warn("postgresql: could not read max_connections; the connection budget is not checked");
    return storage::status::ok();
  }
  auto finding = storage::check_connection_budget(s, *limit);
  log_note(finding);
  return finding.verdict;
}

}  // namespace

storage::result<storage::pg_settings> start_postgres(const storage::pg_settings& s) {
  auto is_invalid = [](const storage::status& st) { return st.error_code() == storage::code::invalid; };
  if (s.migrate_on_start) {
    if (auto st = storage::migrate_up_on_start(s); !st.is_ok())  // retries while unavailable
      return st;
  }
  std::unique_ptr<storage::pg_connection> pooled, direct;
  auto st = with_retries("postgresql", s.retry, [&] {
    auto c = storage::pg_connection::connect(s.url, s.connect_timeout, storage::pg_protocol::unnamed);
    if (!c.is_ok())
      return c.get_status();
    pooled = std::move(c.value());
    if (s.direct() == s.url)
      return storage::status::ok();
    auto d = storage::pg_connection::connect(s.direct(), s.connect_timeout, storage::pg_protocol::unnamed);
    if (d.is_ok())
      direct = std::move(d.value());
    return d.get_status();
  }, is_invalid);
  if (!st.is_ok())
    return st;
  if (!s.migrate_on_start) {
    if (auto schema = check_schema(s); !schema.is_ok())
      return schema;
  }
  storage::pg_settings out = s;
  out.pooler = resolve_pooler(s, *pooled);
  if (out.pooler == storage::pg_pooler::transaction && s.direct() == s.url)
    spdlog::warn("postgresql: a transaction pooler is in between but postgres.direct_url is not set: the revocation "
                 "listener (LISTEN) needs a direct connection and will not work through it");
  spdlog::info("postgresql: pooler {} ({})", storage::pooler_text(out.pooler),
               out.pooler == storage::pg_pooler::transaction ? "unnamed statements" : "prepared statements");
  if (auto budget = check_budget(out, direct ? *direct : *pooled); !budget.is_ok())
    return budget;
  return out;
}

storage::status resolve_cursor_key(config::settings& s) {
  if (!s.auth.cursor_secret.empty()) {
    spdlog::info("cursor key: {} (configured)", s.secrets.cursor_key);
    return storage::status::ok();
  }
  const auto& pg = s.postgres;
  storage::result<storage::service_secret> secret = storage::status::internal("not read");
  // Only an unreachable server is worth another attempt; anything else will not go away.
  auto fatal = [](const storage::status& st) {
    return st.error_code() != storage::code::unavailable && st.error_code() != storage::code::timeout;
  };
  auto st = with_retries("postgresql", pg.retry, [&] {
    auto c = storage::pg_connection::connect(pg.direct(), pg.connect_timeout, storage::pg_protocol::unnamed);
    if (!c.is_ok())
      return c.get_status();
    secret = storage::get_or_create_service_secret(*c.value(), storage::cursor_key_secret_name,
                                                   config::min_cursor_key_bytes);
    return secret.get_status();
  }, fatal);
  if (!st.is_ok())
    return storage::status(st.error_code(), "the shared cursor key (service_secrets): " + st.message(), st.cause());
  s.auth.cursor_secret = std::move(secret->value);
  s.secrets.cursor_key = config::secret_sources{}.cursor_key;
  spdlog::info("cursor key: {}, {}", s.secrets.cursor_key,
               secret->created ? "made now by this instance" : "shared with every instance");
  return storage::status::ok();
}

storage::result<std::shared_ptr<storage::mongo_client_pool>> start_mongodb(const storage::mongo_settings& s) {
  storage::mongo_driver_init();
  auto created = storage::mongo_client_pool::create(s);
  if (!created.is_ok())
    return created.get_status();
  std::shared_ptr<storage::mongo_client_pool> pool = std::move(created.value());
  auto is_auth = [](const storage::status& st) { return st.cause() == storage::failure_cause::auth_failed; };
  auto st = with_retries("mongodb", s.retry, [&] { return pool->warm_up(); },
                         [&](const storage::status& e) { return is_auth(e) || e.error_code() == storage::code::invalid; });
  if (!st.is_ok())
    return st;
  if (s.migrate_on_start) {
    auto applied = storage::mongo_migrator(*pool, pool->database()).up();
    if (!applied.is_ok())
      return applied.get_status();
    for (int v : applied.value())
      spdlog::info("mongodb: applied declared collections and indexes, version {}", v);
    if (auto st = accelerate_ferretdb(*pool, s); !st.is_ok())
      return st;
  }
  return pool;
}

storage::status accelerate_ferretdb(storage::mongo_client_pool& pool, const storage::mongo_settings& s,
                                    bool analyze) {
  auto lease = pool.pop();
  if (!lease)
    return lease.get_status();
  auto report = storage::apply_ferretdb_accelerators(lease.get(), pool.database(),
                                                     s.ferretdb_postgresql_url, analyze);
  if (!report.is_ok())
    return report.get_status();
  // FerretDB without its indexes works, but every equality query scans: say so loudly.
  const auto level = report->applied    ? spdlog::level::info
                     : report->ferretdb ? spdlog::level::warn
                                        : spdlog::level::debug;
  spdlog::log(level, "mongodb: {}", storage::describe(report.value()));
  return storage::status::ok();
}

}  // namespace app
