// MongoDB migration files: versioned JSON documents in migrations/mongodb, parsed and checked
// here without a server (mongo_migrator.hpp applies them). The format, in short (docs/mongodb.md
// has the whole description):
//
//   file name   NNNN_name.json   (at least 4 digits, then [a-z0-9_]+); the digits are the version
//   {
//     "description": "free text",                                          (optional)
//     "collections": ["user_profiles", ...],                               (created if missing)
//     "indexes": [{"collection": "forum_posts", "name": "category_created_at",
//                  "keys": [{"field": "category", "order": 1},
//                           {"field": "created_at", "order": -1}],      (ordered; 1, -1 or
//                  "unique": false, "optional": false}, ...],              "2dsphere")
//     "validators": [{"collection": "forum_posts", "json_schema": {...},
//                     "optional": true}],                                  (collMod $jsonSchema)
//     "backfills": ["use_case_geo_cells"]                   (code run once: mongo_backfills.hpp)
//   }
//
// Unknown keys, wrong types, '$' in names and empty key lists are refused with the JSON path.
// An "optional" item may be refused by the server (FerretDB has no 2dsphere index and no
// validators; a readWrite user may not run collMod): that is logged and the migration goes on.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/status.hpp"

namespace storage {

struct mongo_index_key {
  std::string field;  // "created_at", "location.lat"
  int direction = 1;  // 1 or -1; unused when `kind` is set
  std::string kind;   // "" for an ordered key, else a special index type ("2dsphere")
};

struct mongo_index_spec {
  std::string collection;
  std::string name;
  std::vector<mongo_index_key> keys;  // in index order
  bool unique = false;
  bool optional = false;  // a server refusal is logged, not an error
};

struct mongo_validator_spec {
  std::string collection;
  std::string json_schema;  // the $jsonSchema document as JSON text
  bool optional = true;
};

struct mongo_migration {
  int version = 0;
  std::string name;       // "initial"
  std::string file_name;  // "0001_initial.json"
  std::string checksum;   // hex SHA-256 of the file's bytes
  std::string description;
  std::vector<std::string> collections;
  std::vector<mongo_index_spec> indexes;
  std::vector<mongo_validator_spec> validators;
  std::vector<std::string> backfills;  // names known to mongo_backfills.hpp, run in this order
};

// Parses one file's text; `file_name` gives the version and the name.
result<mongo_migration> parse_mongo_migration(std::string_view file_name, std::string_view text);

// Every *.json file of `dir`, parsed, by version. Two files with one version, or any file that
// does not parse, is `invalid` (naming the file). A missing directory is `invalid`.
result<std::vector<mongo_migration>> load_mongo_migrations(const std::string& dir);

// Lowercase hex SHA-256 (storage/crypto/digest.hpp).
std::string mongo_migration_checksum(std::string_view bytes);

}  // namespace storage
