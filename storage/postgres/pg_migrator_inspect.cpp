// pg_migrator: the read-only side (inspect, history, sql) and the pure history check.
#include <algorithm>
#include <map>

#include "storage/postgres/pg_migrator.hpp"
#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/pg_values.hpp"

namespace storage {

std::filesystem::path default_migrations_dir() {
  return std::filesystem::path(P2P_SOURCE_DIR) / "migrations" / "postgres";
}

std::string_view to_string(migration_state s) {
  switch (s) {
    case migration_state::pending: return "pending";
    case migration_state::applied: return "applied";
    case migration_state::dirty: return "DIRTY";
    case migration_state::checksum_mismatch: return "EDITED";
    case migration_state::file_missing: return "NO FILE";
  }
  return "unknown";
}

result<std::vector<history_row>> read_migration_history(pg_connection& c) {
  auto exists = c.exec(queries::migrations_table_exists, {});
  if (!exists.is_ok())
    return exists.get_status();
  std::vector<history_row> out;
  if (exists->get(0, 0) != "t")
    return out;
  auto r = c.exec(queries::migrations_list, {});
  if (!r.is_ok())
    return r.get_status();
  for (int i = 0; i < r->rows(); ++i) {
    history_row h;
    auto version = parse_int64(r->get(i, 0));
    auto applied = parse_int64(r->get(i, 3));
    auto duration = parse_int64(r->get(i, 4));
    auto dirty = parse_pg_bool(r->get(i, 5));
    if (!version || !applied || !duration || !dirty)
      return status::internal("schema_migrations: unexpected column format");
    h.version = static_cast<int>(*version);
    h.name = r->get(i, 1);
    h.checksum = r->get(i, 2);
    h.applied_at_us = *applied;
    h.duration_ms = *duration;
    h.dirty = *dirty;
    out.push_back(std::move(h));
  }
  return out;
}

status check_migration_history(const std::vector<migration_file>& files,
                               const std::vector<history_row>& history) {
  std::map<int, const migration_file*> by_version;
  for (const auto& f : files)
    by_version[f.version] = &f;
  int highest = 0;
  for (const auto& h : history) {
    const std::string label = version_text(h.version) + "_" + h.name;
    if (h.dirty)
      return status::conflict(
          "version " + label + " is marked dirty: a migration failed there. Inspect the schema, fix the "
          "file, then run `p2p-backend migrate force <last good version>` and `p2p-backend migrate up` "
          "(docs/migrations.md, Recovery)");
    auto f = by_version.find(h.version);
    if (f == by_version.end())
      return status::conflict("version " + label +
                              " is applied but has no migration file: is this build older than the database?");
    if (f->second->checksum != h.checksum)
      return status::conflict(
          f->second->up_path.filename().string() + " was edited after it was applied (recorded checksum " +
          h.checksum.substr(0, 12) + ", file now " + f->second->checksum.substr(0, 12) +
          "). Restore the file and put the change in a new migration; after a deliberate edit, "
          "`p2p-backend migrate force " + std::to_string(h.version) + "` records the new checksum");
    highest = std::max(highest, h.version);
  }
  if (static_cast<int>(history.size()) != highest)
    return status::conflict("the history has gaps: a migration below version " + version_text(highest) +
                            " is not recorded. Run `p2p-backend migrate force <version>` to repair it");
  return status::ok();
}

result<migration_status> pg_migrator::inspect() {
  auto files = load_migration_files(options_.dir);
  if (!files.is_ok())
    return files.get_status();
  auto conn = open();
  if (!conn.is_ok())
    return conn.get_status();
  auto history = read_migration_history(*conn.value());
  if (!history.is_ok())
    return history.get_status();
  std::map<int, const history_row*> recorded;
  migration_status out;
  for (const auto& h : history.value()) {
    recorded[h.version] = &h;
    out.current_version = std::max(out.current_version, h.version);
    out.dirty = out.dirty || h.dirty;
  }
  for (const auto& f : files.value()) {
    migration_status_entry e{f.version, f.name, migration_state::pending, f.checksum, std::nullopt};
    if (auto h = recorded.find(f.version); h != recorded.end()) {
      e.applied = *h->second;
      e.state = h->second->dirty                        ? migration_state::dirty
                : h->second->checksum != f.checksum ? migration_state::checksum_mismatch
                                                    : migration_state::applied;
      recorded.erase(h);
    } else {
      ++out.pending;
    }
    out.entries.push_back(std::move(e));
  }
  for (const auto& [version, h] : recorded)
    out.entries.push_back({version, h->name, migration_state::file_missing, "", *h});
  std::sort(out.entries.begin(), out.entries.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  auto check = check_migration_history(files.value(), history.value());
  out.consistent = check.is_ok();
  out.problem = check.message();
  return out;
}

result<std::vector<history_row>> pg_migrator::history() {
  auto conn = open();
  if (!conn.is_ok())
    return conn.get_status();
  return read_migration_history(*conn.value());
}

result<std::string> pg_migrator::sql(migration_direction direction, std::optional<int> n, bool all) {
  const bool up = direction == migration_direction::up;
  if (n && *n < 1)
    return status::invalid("sql: N must be at least 1");
  auto files = load_migration_files(options_.dir);
  if (!files.is_ok())
    return files.get_status();
  // The files to print, in the order they would run.
  std::vector<const migration_file*> chosen;
  size_t applied = 0;
  if (!all) {
    auto conn = open();
    if (!conn.is_ok())
      return status(conn.get_status().error_code(),
                    "cannot ask PostgreSQL what is " + std::string(up ? "pending" : "applied") + " (" +
                        conn.get_status().message() + "); use --all to print every file without a database");
    auto history = read_migration_history(*conn.value());
    if (!history.is_ok())
      return history.get_status();
    if (auto st = check_migration_history(files.value(), history.value()); !st)
      return st;
    applied = history->size();
  }
  const size_t limit = n ? static_cast<size_t>(*n) : (up || all ? files->size() : 1);
  if (up) {
    for (size_t i = all ? 0 : applied; i < files->size() && chosen.size() < limit; ++i)
      chosen.push_back(&files.value()[i]);
  } else {
    for (size_t i = all ? files->size() : applied; i > 0 && chosen.size() < limit; --i)
      chosen.push_back(&files.value()[i - 1]);
  }
  std::string out;
  for (const auto* f : chosen) {
    out += "-- " + f->label() + (up ? ".up.sql" : ".down.sql") + "\n";
    const std::string& text = up ? f->up_sql : f->down_sql;
    out += text;
    if (!text.empty() && text.back() != '\n')
      out += '\n';
    out += '\n';
  }
  if (chosen.empty())
    out = std::string("-- nothing to run ") + (up ? "up: no pending migration\n" : "down: nothing applied\n");
  return out;
}

}  // namespace storage
