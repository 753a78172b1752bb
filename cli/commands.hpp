// The subcommands of p2p-backend; each returns the process exit code.
#pragma once

#include <optional>
#include <string>

#include "app/test_hooks.hpp"
#include "config/settings.hpp"

namespace CLI {
class App;
}

namespace cli {

// Serves HTTP until SIGINT/SIGTERM (app/service.hpp); 0 after a clean shutdown, 1 when startup
// fails or a supervisor gives up, 2 on bad configuration. Stop signals must be blocked already
// (app::block_stop_signals). `hooks`: the tests' seams, nullptr in production.
int serve(const config::settings& s, app::test_hooks* hooks = nullptr);

// What `p2p-backend migrate ...` asked for, filled in while CLI11 parses (cli/migrate.cpp).
struct migrate_options {
  std::string action;         // up|down|status|history|new|force|sql
  std::string store = "all";  // postgres|mongodb|all
  std::string dir;            // PostgreSQL migrations directory; empty: the built-in default
  std::string count_text;     // N of up/down/sql, as typed
  std::optional<int> count;   // N, once migrate() has checked it
  std::string name;           // new NAME
  std::string version_text;   // force VERSION, as typed
  int version = 0;            // VERSION, once migrate() has checked it
  std::string direction;      // sql up|down
  bool all = false;           // sql --all
};

// Adds `migrate` and its actions to `app`; `o` receives the parsed values and must outlive
// parsing. Returns the subcommand (check ->parsed()).
CLI::App* add_migrate_command(CLI::App& app, migrate_options& o);

// MongoDB's part of a migrate command (up and status; other actions are PostgreSQL's).
int run_mongodb_migrations(const config::settings& s, const migrate_options& o);

// Runs a parsed migrate command: 0 ok, 1 failure, 2 usage or configuration error.
int migrate(const config::settings& s, const migrate_options& o);

// What `p2p-backend seed ...` asked for, filled in while CLI11 parses (cli/seed.cpp).
struct seed_command_options {
  std::string size = "small";  // small|medium|large
  bool reset = false;          // remove every seeded record first
  bool force = false;          // allow a target that is not the local p2p_sandbox
  bool verify = false;         // compare content hashes afterwards
};

// Adds `seed` and its options to `app`; `o` must outlive parsing.
CLI::App* add_seed_command(CLI::App& app, seed_command_options& o);

// Runs a parsed seed command: 0 ok, 1 failure (or --verify found a difference), 2 usage error
// or a refused target. The admin's and the users' credentials come from P2P_SEED_ADMIN_EMAIL,
// P2P_SEED_ADMIN_PASSWORD and P2P_SEED_USER_PASSWORD, with development defaults.
int seed(const config::settings& s, const seed_command_options& o);

}  // namespace cli
