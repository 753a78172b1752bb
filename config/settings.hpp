// The whole configuration tree and its one parser. Parsing rejects unknown keys and wrong types
// and reports every bad key, with its JSON path, in one error.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "config/secrets.hpp"
#include "http/http_settings.hpp"
#include "storage/common/mongo_settings.hpp"
#include "storage/common/pg_settings.hpp"
#include "storage/common/status.hpp"

namespace config {

struct log_settings {
  std::string level = "info";   // trace|debug|info|warn|error|critical|off
  std::string format = "text";  // text|json
};

using auth_settings = http::auth_settings;

struct settings {
  http::http_settings http;
  storage::pg_settings postgres;
  storage::mongo_settings mongodb;
  log_settings log;
  auth_settings auth;
  secret_sources secrets;  // where the URLs and the cursor key came from (config/secrets.hpp)
};

using environment = std::map<std::string, std::string>;

// Parses a JSON document over the defaults (absent keys keep their default). On error the
// status message lists every problem, one per line, as "path: problem".
storage::result<settings> parse_settings(const std::string& json_text);

// Applies DATABASE_URL, DATABASE_DIRECT_URL, P2P_PG_POOLER, P2P_PG_INSTANCES,
// P2P_MIGRATE_ON_START, MONGODB_URL, FERRETDB_POSTGRESQL_URL (empty: none), P2P_HTTP_HOST,
// P2P_HTTP_PORT, P2P_LOG_LEVEL, P2P_LOG_FORMAT, P2P_MAX_HASHES_PER_CLIENT from `env`, validating
// each like the file's keys.
storage::status apply_environment(settings& s, const environment& env);

// Reads `path` (or the built-in defaults when empty), then the environment, then the secret
// files it names (config/secrets.hpp).
storage::result<settings> load_settings(const std::string& path, const environment& env);

// The process environment as a map (only the keys apply_environment and apply_secret_files read).
environment process_environment();

// The settings as JSON text with every password in a URL redacted, and a "secret_sources"
// object saying where each secret came from.
std::string to_redacted_json(const settings& s);

}  // namespace config
