#include "cli/startup.hpp"

#include <cstdio>
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

namespace cli {

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

// Without migrate_on_start (production: the migrations are a release step of their own), the
// schema must hold every migration this binary ships. A pending one means that step was
// skipped; a dirty or edited one, that it went wrong. Versions without a file here are a newer
// release's, which an older instance meets during a rolling upgrade: backward-compatible
// migrations make that fine.
storage::status check_schema(const storage::pg_settings& s) {
  storage::migrator_options o;
  o.url = s.direct();  // like the migrations: never through a transaction pooler
  o.connect_timeout = s.connect_timeout;
  auto inspected = storage::pg_migrator(o).inspect();
  if (!inspected.is_ok())
    return inspected.get_status();
  int pending = 0, newer = 0;
  std::string first_pending;
  for (const auto& e : inspected->entries) {
    char version[16];
    std::snprintf(version, sizeof version, "%04d", e.version);
    const auto id = std::string(version) + "_" + e.name;
    switch (e.state) {
      case storage::migration_state::pending:
        if (pending++ == 0)
          first_pending = id;
        break;
      case storage::migration_state::dirty:
      case storage::migration_state::checksum_mismatch:
        return storage::status::conflict("postgres migration " + id + " is " + std::string(storage::to_string(e.state)) +
                                         ": see docs/migrations.md, \"Recovery\"");
      case storage::migration_state::file_missing: ++newer; break;
      case storage::migration_state::applied: break;
    }
  }
  if (pending > 0)
    return storage::status::conflict("the postgres schema lacks " + std::to_string(pending) +
                                     " migration(s) of this release (first: " + first_pending +
                                     "); run `p2p-backend migrate up` first (p2p-backend-migrate.service)");
  if (newer > 0)
    spdlog::info("postgres schema is at version {}, {} ahead of this release: running on a newer schema",
                 inspected->current_version, newer);
  else
    spdlog::info("postgres schema is up to date (checked; migrate_on_start is off)");
  return storage::status::ok();
}

}  // namespace

namespace {

const char* pooler_text(storage::pg_pooler p) {
  return p == storage::pg_pooler::none ? "none" : p == storage::pg_pooler::transaction ? "transaction" : "auto";
}

// `auto` becomes `transaction` when a proxy sits between the service and the server (always
// safe: unnamed statements work everywhere), else `none`.
storage::pg_pooler resolve_pooler(const storage::pg_settings& s, storage::pg_connection& c) {
  if (s.pooler != storage::pg_pooler::automatic)
    return s.pooler;
  const auto proxied = c.behind_proxy();
  if (!proxied) {
    spdlog::warn("postgresql: could not tell whether a pooler sits in between; using unnamed statements");
    return storage::pg_pooler::transaction;
  }
  if (*proxied)
    spdlog::info("postgresql: the server sees another client port than this socket's: a pooler or proxy sits in "
                 "between; using unnamed statements and per-transaction timeouts (postgres.pooler = transaction)");
  return *proxied ? storage::pg_pooler::transaction : storage::pg_pooler::none;
}

// The connection budget: every instance may open pool_size + max_overflow pooled connections
// and one direct one (the revocation listener). Direct: all of them must fit in the server's
// max_connections less its reserved ones (refused: exit 2). Through a pooler: the pooled ones
// must fit in the pooler's client limit when it is configured (a warning).
storage::status check_budget(const storage::pg_settings& s, storage::pg_connection& direct) {
  const int per_instance = s.pool_size + s.max_overflow;
  const int pooled = s.instances * per_instance;
  auto max = direct.exec(storage::queries::server_connection_limits, {});
  if (!max.is_ok() || max->rows() != 1) {
    spdlog::warn("postgresql: could not read max_connections; the connection budget is not checked");
    return storage::status::ok();
  }
  const int limit = std::stoi(std::string(max->get(0, 0))) - std::stoi(std::string(max->get(0, 1)));
  const std::string rule = std::to_string(s.instances) + " instance(s) x (pool_size " + std::to_string(s.pool_size) +
                           " + max_overflow " + std::to_string(s.max_overflow) + ")";
  if (s.pooler == storage::pg_pooler::none) {
    const int need = pooled + s.instances;
    if (need > limit)
      return storage::status::invalid("connection budget: " + rule + " + " + std::to_string(s.instances) +
                                      " listener(s) = " + std::to_string(need) + " connections, but the server allows " +
                                      std::to_string(limit) + " (max_connections less the reserved ones); lower the "
                                      "pools, raise max_connections, or put a pooler in between");
    spdlog::info("postgresql: connection budget {} + {} listener(s) = {} of {}", rule, s.instances, need, limit);
    return storage::status::ok();
  }
  if (s.instances > limit)
    return storage::status::invalid("connection budget: " + std::to_string(s.instances) +
                                    " direct listener connection(s) do not fit in the server's " + std::to_string(limit));
  if (s.pooler_client_limit > 0 && pooled > s.pooler_client_limit)
    spdlog::warn("postgresql: connection budget {} = {} pooled connections exceeds the pooler's client limit {} "
                 "(postgres.pooler_client_limit): some connections will wait or be refused by the pooler",
                 rule, pooled, s.pooler_client_limit);
  else
    spdlog::info("postgresql: connection budget {} = {} pooled connections{}", rule, pooled,
                 s.pooler_client_limit > 0 ? " of the pooler's " + std::to_string(s.pooler_client_limit) : std::string());
  return storage::status::ok();
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
  spdlog::info("postgresql: pooler {} ({})", pooler_text(out.pooler),
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

}  // namespace cli
