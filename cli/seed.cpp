// `p2p-backend seed`: development data in both stores (tools/seed/seed_*.hpp does the work).
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

#include "app/startup.hpp"
#include "cli/commands.hpp"
#include "cli/seed_progress_bar.hpp"
#include "http/parse/validate_users.hpp"
#include "storage/common/url.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "tools/seed/seed_digest.hpp"
#include "tools/seed/seed_guard.hpp"
#include "tools/seed/seed_reset.hpp"
#include "tools/seed/seed_run.hpp"

namespace cli {

namespace {

constexpr int exit_ok = 0, exit_failure = 1, exit_usage = 2;

// Development-only credentials, documented in README.md and docs/seed.md.
constexpr const char* default_seed_admin_email = "admin@p2p.local";
constexpr const char* default_seed_admin_password = "admin-dev-password";
constexpr const char* default_seed_user_password = "seed-dev-password";

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

int usage(const std::string& why) {
  std::fprintf(stderr, "p2p-backend seed: %s\n", why.c_str());
  return exit_usage;
}

int fail(const std::string& what, const storage::status& st) {
  std::fprintf(stderr, "p2p-backend seed: %s: %s\n", what.c_str(), st.to_string().c_str());
  return exit_failure;
}

// The admin and user credentials from the environment, checked by the registration rules.
std::optional<std::string> credentials(storage::seed::seed_options& o) {
  const std::string email = env_or("P2P_SEED_ADMIN_EMAIL", default_seed_admin_email);
  auto normalized = http::normalize_email(email);
  if (!normalized)
    return "P2P_SEED_ADMIN_EMAIL is not a valid e-mail address";
  o.admin_email = *normalized;
  o.admin_password = env_or("P2P_SEED_ADMIN_PASSWORD", default_seed_admin_password);
  o.user_password = env_or("P2P_SEED_USER_PASSWORD", default_seed_user_password);
  if (!http::check_text(o.admin_password, http::password_rule).ok())
    return "P2P_SEED_ADMIN_PASSWORD must be 8..128 characters";
  if (!http::check_text(o.user_password, http::password_rule).ok())
    return "P2P_SEED_USER_PASSWORD must be 8..128 characters";
  return std::nullopt;
}

// The MongoDB settings for bulk work: an aggregate or a delete over a big collection may take
// minutes on FerretDB (every filter is a scan), so the pool's 10 s socket timeout is raised
// unless the URL sets its own.
storage::mongo_settings bulk_settings(storage::mongo_settings m) {
  std::string lower = m.url;
  for (char& ch : lower)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower.find("sockettimeoutms=") == std::string::npos)
    m.url += (m.url.find('?') == std::string::npos ? "?" : "&") + std::string("socketTimeoutMS=900000");
  return m;
}

int verify(storage::pg_connection& pg, const storage::seed::mongo_target& mongo,
           const storage::seed::seed_options& o, storage::seed::progress& out) {
  namespace seed = storage::seed;
  const auto expected = seed::expected_digest(seed::plan(o.data_size), o.admin_email);
  auto actual = seed::database_digest(pg, mongo, out);
  if (!actual.is_ok())
    return fail("verify", actual.get_status());
  std::printf("expected content hash %s\n", expected.hex().c_str());
  std::printf("database content hash %s\n", actual->hex().c_str());
  if (expected.hex() == actual->hex()) {
    std::printf("verify: the databases hold exactly the %s data set\n",
                std::string(seed::to_string(o.data_size)).c_str());
    return exit_ok;
  }
  const auto want = expected.counts(), have = actual->counts();
  for (const auto& [part, n] : want)
    std::printf("  %-18s expected %lld, found %lld\n", part.c_str(), static_cast<long long>(n),
                static_cast<long long>(have.contains(part) ? have.at(part) : 0));
  std::printf("verify: MISMATCH (other seeded data present, or seeded data changed)\n");
  return exit_failure;
}

}  // namespace

CLI::App* add_seed_command(CLI::App& app, seed_command_options& o) {
  auto* cmd = app.add_subcommand("seed", "fill both stores with deterministic development data");
  cmd->add_option("--size", o.size, "small (default), medium or large")
      ->check(CLI::IsMember({"small", "medium", "large"}));
  cmd->add_flag("--reset", o.reset, "remove all seeded data (any size) first");
  cmd->add_flag("--force", o.force, "allow a target other than the local p2p_sandbox databases");
  cmd->add_flag("--verify", o.verify, "afterwards, compare the databases' content hash with the data set's");
  return cmd;
}

int seed(const config::settings& s, const seed_command_options& c) {
  namespace seed = storage::seed;
  seed::seed_options o;
  o.data_size = seed::parse_size(c.size).value_or(seed::size::small);
  if (auto bad = credentials(o))
    return usage(*bad);
  const std::string targets = "postgresql " + storage::redact_url(s.postgres.url) + ", mongodb " +
                              storage::redact_url(s.mongodb.url) + " database " + s.mongodb.database;
  if (auto st = seed::check_dev_target(s.postgres.url, s.mongodb.url, s.mongodb.database); !st.is_ok()) {
    if (!c.force)
      return usage("refusing to touch " + targets + ": " + st.message() +
                   ". Seed data has a published admin password and --reset deletes data; pass "
                   "--force if this is really a development database.");
    std::fprintf(stderr, "p2p-backend seed: --force: seeding %s (%s)\n", targets.c_str(),
                 st.message().c_str());
  }
  std::printf("seeding %s into %s\n", c.size.c_str(), targets.c_str());

  if (auto st = app::start_postgres(s.postgres); !st.is_ok())
    return fail("postgresql", st.get_status());
  // Seeding runs in transactions of its own: a direct connection, never a transaction pooler.
  auto pg = storage::pg_connection::connect(s.postgres.direct(), s.postgres.connect_timeout);
  if (!pg.is_ok())
    return fail("postgresql", pg.get_status());
  auto pool = app::start_mongodb(bulk_settings(s.mongodb));
  if (!pool.is_ok())
    return fail("mongodb", pool.get_status());
  auto lease = pool.value()->pop();
  if (!lease)
    return fail("mongodb", lease.get_status());
  const seed::mongo_target mongo{lease.get(), pool.value()->database()};
  seed_progress_bar out(isatty(STDERR_FILENO) == 1);

  if (c.reset) {
    auto r = seed::reset(*pg.value(), mongo, out);
    if (!r.is_ok())
      return fail("reset", r.get_status());
    std::printf("reset: done in %.1f s\n", static_cast<double>(r->ms) / 1000.0);
    // The reset created the collections again: their FerretDB tables are new and bare.
    if (auto st = app::accelerate_ferretdb(*pool.value(), s.mongodb); !st.is_ok())
      return fail("ferretdb accelerators", st);
  }
  const auto started = std::chrono::steady_clock::now();  // the two password hashes included
  auto done = seed::seed(*pg.value(), mongo, o, out);
  if (!done.is_ok())
    return fail("seed", done.get_status());
  // After a bulk load FerretDB's PostgreSQL plans best with fresh statistics.
  if (auto st = app::accelerate_ferretdb(*pool.value(), s.mongodb, /*analyze=*/true); !st.is_ok())
    return fail("ferretdb accelerators", st);
  std::printf("seeded %s in %.1f s\n", c.size.c_str(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  std::printf("admin:  %s / %s%s\n", o.admin_email.c_str(), o.admin_password.c_str(),
              done->admin_created ? "" : "  (existed already: left as it was, password unchanged)");
  std::printf("users:  any <first>.<last>.<n>@%s, e.g. %s / %s\n", seed::email_domain,
              seed::make_user(0).email.c_str(), o.user_password.c_str());
  std::printf("these are development credentials: never use them outside a local database\n");
  return c.verify ? verify(*pg.value(), mongo, o, out) : exit_ok;
}

}  // namespace cli
