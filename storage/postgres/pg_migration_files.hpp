// The migration files of one directory: NNNN_name.up.sql + NNNN_name.down.sql, a 4-digit
// version from 0001 up without gaps and a name of [a-z0-9_]+. Reading validates the whole
// directory at once. Touches only the file system; unit-tested in
// tests/storage/postgres/pg_migration_files_test.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/status.hpp"

namespace storage {

struct migration_file {
  int version = 0;
  std::string name;  // "initial_schema"
  std::filesystem::path up_path;
  std::filesystem::path down_path;
  std::string up_sql;
  std::string down_sql;
  std::string checksum;  // hex SHA-256 of the up file's bytes (what the history records)

  std::string label() const;  // "0001_initial_schema"
};

// All migrations in `dir`, ordered by version. Files not ending in ".sql" are ignored; every
// ".sql" file must be named NNNN_name.up.sql or NNNN_name.down.sql. invalid, listing every
// problem one per line, when: the directory is missing, a name is malformed, a version is 0000,
// two files claim one version and direction, an up file has no down file of the same name (or
// the reverse), or the versions are not exactly 1..N.
result<std::vector<migration_file>> load_migration_files(const std::filesystem::path& dir);

// Creates the next-numbered empty pair NNNN_<name>.up.sql / .down.sql, each with a header
// comment, in `dir` (created when missing). invalid when `name` is not [a-z0-9_]{1,64}, when
// the directory's files are invalid, or when version 9999 is taken; never overwrites a file.
// Returns the new up file's path.
result<std::filesystem::path> new_migration(const std::filesystem::path& dir, const std::string& name);

// "0001"
std::string version_text(int version);

}  // namespace storage
