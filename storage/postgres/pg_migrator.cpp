// pg_migrator: the operations that change the schema (up, down, force) and the startup hook.
// The read-only ones (inspect, history, sql) are in pg_migrator_inspect.cpp.
#include "storage/postgres/pg_migrator.hpp"

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "storage/common/backoff.hpp"
#include "storage/common/url.hpp"
#include "storage/postgres/pg_queries.hpp"

namespace storage {

namespace {

using std::chrono::steady_clock;
namespace fs = std::filesystem;

// Holds the migration advisory lock of one connection; releases it on destruction (closing the
// connection would release it too; unlocking keeps the session clean).
class migration_lock {
public:
  static status acquire(pg_connection& c, std::chrono::milliseconds wait) {
    const auto deadline = steady_clock::now() + wait;
    for (;;) {
      auto r = c.exec(queries::migrations_try_lock, {std::to_string(migration_lock_key)});
      if (!r.is_ok())
        return r.get_status();
      if (r->get(0, 0) == "t")
        return status::ok();
      if (steady_clock::now() >= deadline)
        return status::timeout("another migrator held the migration lock for longer than " +
                               std::to_string(wait.count()) + " ms");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  explicit migration_lock(pg_connection& c) : conn_(c) {}
  migration_lock(const migration_lock&) = delete;
  migration_lock& operator=(const migration_lock&) = delete;
  ~migration_lock() {
    if (!conn_.is_broken())
      (void)conn_.exec(queries::migrations_unlock, {std::to_string(migration_lock_key)});
  }

private:
  pg_connection& conn_;
};

std::string command_hint(const std::string& args) { return "`p2p-backend migrate " + args + "`"; }

// After a failed step: roll back, record the version dirty, and say how to recover.
status step_failed(pg_connection& c, const migration_file& f, migration_direction d, const status& why) {
  const bool up = d == migration_direction::up;
  const std::string what = "migration " + f.label() + (up ? " (up)" : " (down)") + " failed: " + why.message();
  if (c.is_broken())
    return {code::unavailable, what + ". The connection broke, so the server rolls the transaction back; run " +
                                   command_hint("status") + " to see where the schema stands"};
  (void)c.exec_script("ROLLBACK", "rollback");
  auto mark = c.exec(queries::migrations_mark_dirty,
                     {std::to_string(f.version), f.name, f.checksum});
  const std::string file = f.label() + (up ? ".up.sql" : ".down.sql");
  const int good = up ? f.version - 1 : f.version;
  std::string msg = what + ". Its transaction was rolled back and version " + version_text(f.version) +
                    " is marked dirty. Fix " + file + ", then run " + command_hint("force " + std::to_string(good)) +
                    " and " + command_hint(up ? "up" : "down") + " (docs/migrations.md, Recovery)";
  if (!mark.is_ok())
    msg += "; marking it dirty failed too: " + mark.get_status().message();
  return {why.error_code() == code::ok ? code::internal : why.error_code(), std::move(msg)};
}

// One migration in its own transaction, together with its history change.
result<migration_step> run_step(pg_connection& c, const migration_file& f, migration_direction d) {
  const bool up = d == migration_direction::up;
  const auto started = steady_clock::now();
  status st = c.exec_script("BEGIN", "begin");
  if (st)
    st = c.exec_script(up ? f.up_sql : f.down_sql, "");  // the caller names the file
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started).count();
  if (st) {
    auto r = up ? c.exec(queries::migrations_insert,
                         {std::to_string(f.version), f.name, f.checksum, std::to_string(ms)})
                : c.exec(queries::migrations_delete, {std::to_string(f.version)});
    st = r.get_status();
  }
  if (st)
    st = c.exec_script("COMMIT", "commit");
  if (!st)
    return step_failed(c, f, d, st);
  return migration_step{f.version, f.name, d, ms};
}

}  // namespace

result<std::unique_ptr<pg_connection>> pg_migrator::open() {
  return pg_connection::connect(options_.url, options_.connect_timeout);
}

result<std::vector<migration_step>> pg_migrator::migrate(
    migration_direction direction, const std::function<std::vector<size_t>(size_t, size_t)>& plan) {
  auto files = load_migration_files(options_.dir);
  if (!files.is_ok())
    return files.get_status();
  auto conn = open();
  if (!conn.is_ok())
    return conn.get_status();
  pg_connection& c = *conn.value();
  if (auto st = migration_lock::acquire(c, options_.lock_wait); !st)
    return st;
  migration_lock lock(c);
  if (auto st = c.exec_script(queries::migrations_create_table, "create schema_migrations"); !st)
    return st;
  auto history = read_migration_history(c);
  if (!history.is_ok())
    return history.get_status();
  if (auto st = check_migration_history(files.value(), history.value()); !st)
    return st;
  std::vector<migration_step> done;
  // A consistent history holds exactly versions 1..applied.
  for (size_t i : plan(history->size(), files->size())) {
    auto step = run_step(c, files.value()[i], direction);
    if (!step.is_ok())
      return step.get_status();
    if (options_.on_step)
      options_.on_step(step.value());
    done.push_back(std::move(step.value()));
  }
  return done;
}

result<std::vector<migration_step>> pg_migrator::up(std::optional<int> n) {
  if (n && *n < 1)
    return status::invalid("up: N must be at least 1");
  return migrate(migration_direction::up, [n](size_t applied, size_t total) {
    std::vector<size_t> plan;
    for (size_t i = applied; i < total && (!n || static_cast<int>(plan.size()) < *n); ++i)
      plan.push_back(i);
    return plan;
  });
}

result<std::vector<migration_step>> pg_migrator::down(int n) {
  if (n < 1)
    return status::invalid("down: N must be at least 1");
  return migrate(migration_direction::down, [n](size_t applied, size_t) {
    std::vector<size_t> plan;
    for (size_t i = applied; i > 0 && static_cast<int>(plan.size()) < n; --i)
      plan.push_back(i - 1);
    return plan;
  });
}

status pg_migrator::force(int version) {
  auto files = load_migration_files(options_.dir);
  if (!files.is_ok())
    return files.get_status();
  if (version < 0 || version > static_cast<int>(files->size()))
    return status::invalid("force: version must be in 0.." + std::to_string(files->size()) +
                           " (the migrations in " + options_.dir.string() + ")");
  auto conn = open();
  if (!conn.is_ok())
    return conn.get_status();
  pg_connection& c = *conn.value();
  if (auto st = migration_lock::acquire(c, options_.lock_wait); !st)
    return st;
  migration_lock lock(c);
  status st = c.exec_script(queries::migrations_create_table, "create schema_migrations");
  if (st)
    st = c.exec_script("BEGIN", "begin");
  if (st)
    st = c.exec(queries::migrations_delete_above, {std::to_string(version)}).get_status();
  for (int i = 0; st && i < version; ++i) {
    const auto& f = files.value()[static_cast<size_t>(i)];
    st = c.exec(queries::migrations_force_row, {std::to_string(f.version), f.name, f.checksum}).get_status();
  }
  if (st)
    st = c.exec_script("COMMIT", "commit");
  if (!st && !c.is_broken())
    (void)c.exec_script("ROLLBACK", "rollback");
  return st;
}

status migrate_up_on_start(const pg_settings& s, const fs::path& dir) {
  migrator_options o;
  o.url = s.direct();  // the advisory lock is session state: never through a transaction pooler
  o.dir = dir;
  o.connect_timeout = s.connect_timeout;
  o.on_step = [](const migration_step& step) {
    spdlog::info("postgres migration {}_{} applied in {} ms", version_text(step.version), step.name,
                 step.duration_ms);
  };
  pg_migrator migrator(o);
  const int attempts = std::max(1, s.retry.startup_attempts);
  for (int attempt = 0;; ++attempt) {
    auto steps = migrator.up();
    if (steps.is_ok()) {
      spdlog::info("postgres schema is up to date ({} migration(s) applied now)", steps->size());
      return status::ok();
    }
    const auto& st = steps.get_status();
    if (st.error_code() != code::unavailable || attempt + 1 >= attempts) {
      spdlog::error("postgres migrations failed: {}", st.message());
      return st;
    }
    auto delay = backoff_delay(s.retry, attempt, random_unit());
    spdlog::warn("postgres unavailable for migrations ({}), retry {}/{} in {} ms", st.message(),
                 attempt + 1, attempts - 1, delay.count());
    std::this_thread::sleep_for(delay);
  }
}

}  // namespace storage
