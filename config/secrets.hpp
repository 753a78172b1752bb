// Secrets from files, so that none needs the command line or a plain environment variable:
//
//   secret              file variable              systemd credential    plain variable
//   postgres.url        DATABASE_URL_FILE          database-url          DATABASE_URL
//   postgres.direct_url DATABASE_DIRECT_URL_FILE   database-direct-url   DATABASE_DIRECT_URL
//   mongodb.url         MONGODB_URL_FILE           mongodb-url           MONGODB_URL
//   the cursor key      P2P_CURSOR_KEY_FILE        cursor-key            (none: PostgreSQL's)
//
// A credential is the file of that name in $CREDENTIALS_DIRECTORY (systemd's LoadCredential=),
// used when present. Each secret comes from at most one of its sources; two are an error, not
// a silent precedence. A file's content is the secret up to its trailing newlines. The cursor
// key seals the ?cursor= tokens (http/render/cursor.hpp): instances behind one balancer must share it.
// Without a file or credential, `serve` takes the one kept in PostgreSQL's service_secrets
// (made by the first instance that starts: app/startup.hpp, resolve_cursor_key), which every
// instance of the deployment shares.
#pragma once

#include <map>
#include <string>

#include "storage/common/status.hpp"

namespace config {

struct settings;

// Where each secret came from, for the startup log and `config show` (never the secret).
struct secret_sources {
  std::string postgres_url = "configuration";
  std::string postgres_direct_url = "configuration";
  std::string mongodb_url = "configuration";
  std::string cursor_key = "postgres (service_secrets)";  // none configured: read at startup
};

// Longest secret file read; a larger one is refused (a mistake, not a secret).
inline constexpr std::size_t max_secret_file_bytes = 64 * 1024;
// Shortest cursor key accepted, in bytes.
inline constexpr std::size_t min_cursor_key_bytes = 32;

// The content of `path` without trailing CR/LF. Errors (invalid) name the path and the reason,
// never the content: unreadable, empty, or larger than max_secret_file_bytes.
storage::result<std::string> read_secret_file(const std::string& path);

// Applies the secrets the table above finds in `env` to `s` (postgres.url, postgres.direct_url,
// mongodb.url, auth.cursor_secret) and records their sources in s.secrets. A URL is checked like the
// configuration file's; every problem is reported at once, one per line, without the secret.
storage::status apply_secret_files(settings& s, const std::map<std::string, std::string>& env);

}  // namespace config
