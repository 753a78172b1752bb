// Applies the MongoDB migration files (mongo_migration_file.hpp) in version order, each at
// most once per database, recording each in `schema_migrations`:
//   {_id: version, name, checksum (hex SHA-256 of the file), applied_at: date, duration_ms}.
//
// Every step is idempotent, so a second run, or two instances starting together, change
// nothing and do not fail: `create` of an existing collection (NamespaceExists) is fine,
// createIndexes of an existing identical index is a no-op, and the history insert uses the
// version as _id, so a duplicate key there means another instance recorded it first.
// There is no lock and no transaction (FerretDB has neither).
//
// A migration file changed after it was applied (checksum differs) makes up() refuse before
// doing anything (`conflict`, naming the file): add a new migration instead.
// Optional indexes and validators the server refuses are logged once (spdlog::info) and
// skipped; no query depends on them.
//
// Thread-safety: a migrator is used by one thread at a time; any number may run in parallel,
// in one process or many. Each call pops its own client from the pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"
#include "storage/mongodb/mongo_migration_file.hpp"

namespace storage {

struct mongo_migration_state {
  int version = 0;
  std::string name;
  bool applied = false;
  bool changed = false;       // applied, but the file's checksum differs from the recorded one
  bool file_missing = false;  // recorded as applied, but no file has this version
  std::string checksum;       // the file's (or, when file_missing, the recorded one)
  std::optional<int64_t> applied_at_ms;
  std::optional<int64_t> duration_ms;
};

class mongo_migrator {
public:
  // `budget` bounds each command (maxTimeMS); index builds on large collections may need more.
  mongo_migrator(mongo_client_pool& pool, std::string database,
                 std::string dir = P2P_SOURCE_DIR "/migrations/mongodb",
                 std::chrono::milliseconds budget = std::chrono::seconds(30));

  // Applies every pending migration; returns the versions this call recorded (empty when
  // everything was applied already, or another instance recorded them first).
  result<std::vector<int>> up();

  // Every file's state by version, then history entries without a file.
  result<std::vector<mongo_migration_state>> status();

private:
  struct history_entry {
    std::string name;
    std::string checksum;
    int64_t applied_at_ms = 0;
    int64_t duration_ms = 0;
  };

  storage::status apply(mongoc_client_t* client, const mongo_migration& m);
  result<std::vector<std::pair<int, history_entry>>> read_history(mongoc_client_t* client);

  mongo_client_pool& pool_;
  std::string database_;
  std::string dir_;
  std::chrono::milliseconds budget_;
};

}  // namespace storage
