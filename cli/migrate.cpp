// `p2p-backend migrate`: schema migrations from the command line, dispatched per store
// (PostgreSQL here, MongoDB in migrate_mongodb.cpp).
#include <charconv>
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "storage/common/time_format.hpp"
#include "storage/common/url.hpp"
#include "storage/postgres/pg_migrator.hpp"

namespace cli {

namespace {

constexpr int exit_ok = 0, exit_failure = 1, exit_usage = 2;

// Left-aligned columns, two spaces apart; the first row is the header.
void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      width.resize(std::max(width.size(), row.size()));
      width[i] = std::max(width[i], row[i].size());
    }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i)
      line += i + 1 < row.size() ? row[i] + std::string(width[i] - row[i].size() + 2, ' ') : row[i];
    std::printf("%s\n", line.c_str());
  }
}

std::string duration_text(std::int64_t ms) { return std::to_string(ms) + " ms"; }

// A whole non-negative decimal number, or nullopt.
std::optional<int> parse_count(const std::string& s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || v < 0)
    return std::nullopt;
  return v;
}

int fail(std::string_view store, const storage::status& st) {
  std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(store.size()), store.data(), st.to_string().c_str());
  return exit_failure;
}

void print_steps(const std::vector<storage::migration_step>& steps, bool up) {
  if (steps.empty())
    std::printf("postgres: nothing to %s\n", up ? "apply: the schema is up to date" : "revert");
  else
    std::printf("postgres: %zu migration(s) %s\n", steps.size(), up ? "applied" : "reverted");
}

int run_postgres(const config::settings& s, const migrate_options& o) {
  storage::migrator_options mo;
  mo.url = s.postgres.direct();  // the advisory lock needs a session of its own
  mo.dir = o.dir.empty() ? storage::default_migrations_dir() : std::filesystem::path(o.dir);
  mo.connect_timeout = s.postgres.connect_timeout;
  mo.on_step = [](const storage::migration_step& step) {
    const bool up = step.direction == storage::migration_direction::up;
    std::printf("%s %s_%s (%s)\n", up ? "applied " : "reverted", storage::version_text(step.version).c_str(),
                step.name.c_str(), duration_text(step.duration_ms).c_str());
    std::fflush(stdout);
  };
  if (auto url = storage::parse_url(mo.url); !url.is_ok()) {
    std::fprintf(stderr, "postgres: bad postgres.url: %s\n", url.get_status().message().c_str());
    return exit_usage;
  }
  storage::pg_migrator migrator(mo);
  const std::string where = "postgres " + storage::redact_url(mo.url) + ", migrations in " + mo.dir.string();

  if (o.action == "new") {
    auto path = storage::new_migration(mo.dir, o.name);
    if (!path.is_ok()) {  // a bad NAME or a broken directory: the caller has to fix the input
      fail("postgres", path.get_status());
      return exit_usage;
    }
    auto down = path.value().string();
    down.replace(down.size() - std::string_view(".up.sql").size(), std::string::npos, ".down.sql");
    std::printf("created %s\ncreated %s\n", path.value().c_str(), down.c_str());
    return exit_ok;
  }
  if (o.action == "sql") {
    auto text = migrator.sql(o.direction == "down" ? storage::migration_direction::down
                                                   : storage::migration_direction::up,
                             o.count, o.all);
    if (!text.is_ok())
      return fail("postgres", text.get_status());
    std::fputs(text.value().c_str(), stdout);
    return exit_ok;
  }
  if (o.action == "up" || o.action == "down") {
    const bool up = o.action == "up";
    std::printf("%s\n", where.c_str());
    auto steps = up ? migrator.up(o.count) : migrator.down(o.count.value_or(1));
    if (!steps.is_ok())
      return fail("postgres", steps.get_status());
    print_steps(steps.value(), up);
    return exit_ok;
  }
  if (o.action == "force") {
    if (auto st = migrator.force(o.version); !st)
      return fail("postgres", st);
    if (o.version == 0)
      std::printf("postgres: history emptied (no migration SQL ran)\n");
    else
      std::printf("postgres: history set to versions 1..%d applied, nothing dirty (no migration SQL ran)\n",
                  o.version);
    return exit_ok;
  }
  if (o.action == "history") {
    auto rows = migrator.history();
    if (!rows.is_ok())
      return fail("postgres", rows.get_status());
    std::printf("%s\n", where.c_str());
    std::vector<std::vector<std::string>> table{{"VERSION", "NAME", "CHECKSUM", "APPLIED_AT", "DURATION", "DIRTY"}};
    for (const auto& h : rows.value())
      table.push_back({storage::version_text(h.version), h.name, h.checksum.substr(0, 12),
                       storage::format_rfc3339_ms(h.applied_at_us), duration_text(h.duration_ms),
                       h.dirty ? "yes" : "no"});
    print_table(table);
    if (rows->empty())
      std::printf("(no migration recorded)\n");
    return exit_ok;
  }
  // status
  auto report = migrator.inspect();
  if (!report.is_ok())
    return fail("postgres", report.get_status());
  std::printf("%s\n", where.c_str());
  std::vector<std::vector<std::string>> table{{"VERSION", "NAME", "STATE", "CHECKSUM", "APPLIED_AT", "DURATION"}};
  for (const auto& e : report->entries) {
    const std::string sum = e.file_checksum.empty() && e.applied ? e.applied->checksum : e.file_checksum;
    table.push_back({storage::version_text(e.version), e.name, std::string(storage::to_string(e.state)),
                     sum.substr(0, 12), e.applied ? storage::format_rfc3339_ms(e.applied->applied_at_us) : "-",
                     e.applied ? duration_text(e.applied->duration_ms) : "-"});
  }
  print_table(table);
  std::printf("current version %d, %d pending%s\n", report->current_version, report->pending,
              report->dirty ? ", DIRTY" : "");
  if (!report->consistent) {
    std::printf("up/down will refuse: %s\n", report->problem.c_str());
    return exit_failure;
  }
  return exit_ok;
}

using store_runner = int (*)(const config::settings&, const migrate_options&);

// The stores with migrations, in the order `--store all` runs them.
struct store_entry {
  std::string_view name;
  store_runner run;
};
constexpr store_entry stores[] = {{"postgres", run_postgres}, {"mongodb", run_mongodb_migrations}};

}  // namespace

CLI::App* add_migrate_command(CLI::App& app, migrate_options& o) {
  auto* m = app.add_subcommand("migrate", "apply, revert and inspect schema migrations");
  m->require_subcommand(1);
  m->fallthrough();  // --store/--dir may also follow the action
  m->add_option("--store", o.store, "postgres|mongodb|all (default all)");
  m->add_option("--dir", o.dir, "PostgreSQL migrations directory (default " +
                                    storage::default_migrations_dir().string() + ")");
  auto action = [&o](const char* name) { return [&o, name] { o.action = name; }; };
  auto* up = m->add_subcommand("up", "apply pending migrations: all, or the first N");
  up->add_option("N", o.count_text, "how many");
  up->callback(action("up"));
  auto* down = m->add_subcommand("down", "revert the last N applied migrations (default 1)");
  down->add_option("N", o.count_text, "how many");
  down->callback(action("down"));
  m->add_subcommand("status", "every migration's state, checksum and timing")->callback(action("status"));
  m->add_subcommand("history", "the rows of schema_migrations")->callback(action("history"));
  auto* create = m->add_subcommand("new", "create the next-numbered empty up/down pair");
  create->add_option("NAME", o.name, "[a-z0-9_]+");
  create->callback(action("new"));
  auto* force = m->add_subcommand("force", "recovery: record versions 1..VERSION as applied, clear dirty, run no SQL");
  force->add_option("VERSION", o.version_text, "0 empties the history");
  force->callback(action("force"));
  auto* sql = m->add_subcommand("sql", "print the SQL that up/down would run; changes nothing");
  sql->add_option("DIRECTION", o.direction, "up or down");
  sql->add_option("N", o.count_text, "how many");
  sql->add_flag("--all", o.all, "every file, without asking the database");
  sql->callback(action("sql"));
  return m;
}

int migrate(const config::settings& s, const migrate_options& parsed) {
  migrate_options o = parsed;
  auto usage = [](const std::string& why) {
    std::fprintf(stderr, "p2p-backend migrate: %s\n", why.c_str());
    return exit_usage;
  };
  if (o.store != "postgres" && o.store != "mongodb" && o.store != "all")
    return usage("--store must be postgres, mongodb or all");
  if (!o.count_text.empty()) {
    o.count = parse_count(o.count_text);
    if (!o.count || *o.count < 1)
      return usage("N must be a whole number of at least 1");
  }
  // Checked here rather than by CLI11 so that every usage error exits with 2.
  if (o.action == "new" && o.name.empty())
    return usage("new needs a NAME ([a-z0-9_]+)");
  if (o.action == "force") {
    auto v = parse_count(o.version_text);
    if (!v)
      return usage("VERSION must be a whole number of at least 0");
    o.version = *v;
  }
  if (o.action == "sql" && o.direction != "up" && o.direction != "down")
    return usage("sql takes up or down");
  bool ran = false;
  for (const auto& store : stores) {
    if (o.store != "all" && o.store != store.name)
      continue;
    ran = true;
    if (int rc = store.run(s, o); rc != exit_ok)
      return rc;
  }
  if (!ran)
    return usage(o.store + " migrations are not available in this build");
  return exit_ok;
}

}  // namespace cli
