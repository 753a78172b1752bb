// Schema migrations for PostgreSQL: the files of one directory (storage/postgres/pg_migration_files.hpp)
// applied in order, each in its own transaction together with its row in `schema_migrations`.
// The history table and the migrated objects live in the first schema of the connection's
// search_path (tests pass ?options=-csearch_path%3Dsome_schema to get a scratch schema).
//
// up, down and force hold a session-level advisory lock (migration_lock_key) on their own
// connection for their whole run, so instances starting together migrate exactly once: the
// others wait, then find nothing pending. status, history and sql take no lock.
//
// Every operation opens and closes its own connection. A pg_migrator is used by one thread at
// a time; two pg_migrator objects may run in parallel (that is what the lock is for).
// docs/migrations.md describes file naming, checksums, dirty state and recovery.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/common/pg_settings.hpp"
#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migration_files.hpp"

namespace storage {

// The first 8 bytes of SHA-256("p2p-backend:migrations") read as a big-endian int64
// (0xb6b7c1326f98eaa1); checked by a unit test.
inline constexpr std::int64_t migration_lock_key = -5280539615703799135;

// P2P_SOURCE_DIR "/migrations/postgres"
std::filesystem::path default_migrations_dir();

enum class migration_direction { up, down };

// One migration applied (up) or reverted (down).
struct migration_step {
  int version = 0;
  std::string name;
  migration_direction direction = migration_direction::up;
  std::int64_t duration_ms = 0;
};

// A row of schema_migrations.
struct history_row {
  int version = 0;
  std::string name;
  std::string checksum;  // hex SHA-256 of the up file when it was applied
  std::int64_t applied_at_us = 0;
  std::int64_t duration_ms = 0;
  bool dirty = false;  // the migration failed: see docs/migrations.md, "Recovery"
};

enum class migration_state {
  pending,            // a file not applied yet
  applied,            // applied, and the file still has the recorded checksum
  dirty,              // marked dirty by a failed run
  checksum_mismatch,  // applied, but the file was edited since
  file_missing,       // recorded as applied, but no file has that version
};
std::string_view to_string(migration_state s);

struct migration_status_entry {
  int version = 0;
  std::string name;
  migration_state state = migration_state::pending;
  std::string file_checksum;           // empty for file_missing
  std::optional<history_row> applied;  // the history row, when there is one
};

struct migration_status {
  std::vector<migration_status_entry> entries;  // by version
  int current_version = 0;                      // highest recorded version, 0 when none
  int pending = 0;
  bool dirty = false;
  bool consistent = true;  // false when up/down would refuse (see check_migration_history)
  std::string problem;     // why not, when !consistent
};

struct migrator_options {
  std::string url;  // postgresql://...; never printed unredacted
  std::filesystem::path dir = default_migrations_dir();
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds lock_wait{std::chrono::minutes(5)};  // then `timeout`
  std::function<void(const migration_step&)> on_step;           // after each step, if set
};

class pg_migrator {
public:
  explicit pg_migrator(migrator_options options) : options_(std::move(options)) {}

  // Applies the first `n` pending migrations (all when nullopt; n >= 1), in version order.
  // Refuses (conflict) while check_migration_history finds a problem. When a migration fails,
  // its transaction is rolled back, its version is recorded dirty, and the status (the mapped
  // error code) says which file failed, why, and how to recover. Returns the steps applied.
  result<std::vector<migration_step>> up(std::optional<int> n = std::nullopt);

  // Reverts the last `n` applied migrations (n >= 1; fewer when fewer are applied), newest
  // first, with the same refusals and failure handling as up.
  result<std::vector<migration_step>> down(int n = 1);

  // Every file's state and every history row without a file; no lock, changes nothing.
  result<migration_status> inspect();

  // The rows of schema_migrations by version (empty when the table does not exist yet).
  result<std::vector<history_row>> history();

  // Recovery after a failure: makes the history say exactly "versions 1..version applied",
  // with the current files' checksums and no dirty row, without running any migration SQL.
  // Existing rows keep applied_at and duration. 0 empties the history. invalid when `version`
  // is beyond the last file.
  status force(int version);

  // The SQL that up(n) or down(n) would run, each file headed by a comment; touches nothing.
  // With `all`, every file (up: oldest first; down: newest first, at most n when given) and no
  // database; otherwise the database says what is pending or applied, and an unreachable
  // database is `unavailable` with a hint to use `all`. n defaults to all for up, 1 for down.
  result<std::string> sql(migration_direction direction, std::optional<int> n, bool all);

private:
  result<std::unique_ptr<pg_connection>> open();
  // The preamble of up and down: loads the files, connects, takes the migration lock, makes sure
  // schema_migrations exists and matches the files; then runs, in `direction`, the files whose
  // indexes plan(applied, file count) lists, in that order, each reported to on_step.
  result<std::vector<migration_step>> migrate(migration_direction direction,
                                              const std::function<std::vector<size_t>(size_t, size_t)>& plan);

  migrator_options options_;
};

// The rows of schema_migrations over `c`, by version; empty when the table does not exist.
result<std::vector<history_row>> read_migration_history(pg_connection& c);

// Why up/down must not run, or ok: a dirty row; an applied migration whose file checksum
// differs (names the file); a recorded version without a file; a pending version below an
// applied one. Pure; unit-tested.
status check_migration_history(const std::vector<migration_file>& files,
                               const std::vector<history_row>& history);

// For `serve`: applies every pending migration in `dir` with s.url, retrying while PostgreSQL
// is unavailable (s.retry.startup_attempts tries, jittered backoff), logging each step.
// Blocking; call it from a thread of its own. See docs/migrations.md for production advice.
status migrate_up_on_start(const pg_settings& s, const std::filesystem::path& dir = default_migrations_dir());

}  // namespace storage
