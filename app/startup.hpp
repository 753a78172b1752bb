// Startup: connect to each store (with the configured attempts and backoff), check, migrate,
// and take the shared cursor key.
// Blocking; runs before the service accepts requests.
#pragma once

#include <memory>

#include "config/settings.hpp"
#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"

namespace app {

// Waits until PostgreSQL accepts a connection (retry.startup_attempts tries, jittered backoff),
// applies pending migrations when migrate_on_start is set (over the direct URL) or else checks
// that none of this release's migrations is pending, dirty or edited (a newer schema is fine),
// resolves `pooler: auto` (a proxy in between means `transaction`), and checks the connection
// budget. The settings the pool should use, or why startup must stop (invalid: exit 2).
storage::result<storage::pg_settings> start_postgres(const storage::pg_settings& s);

// The key that seals ?cursor= tokens, when none is configured (auth.cursor_secret empty): the one
// kept in PostgreSQL's service_secrets, made there by the first instance that starts, so that
// every instance accepts every other's cursors without configuration
// (storage/postgres/service_secret_store.hpp). Read over the direct URL, with the startup
// retries, after start_postgres (the schema holds the table). Sets s.auth.cursor_secret and
// s.secrets.cursor_key and logs where the key came from (never the key). A configured key
// (P2P_CURSOR_KEY_FILE, the cursor-key credential) is kept as it is.
storage::status resolve_cursor_key(config::settings& s);

// Builds the client pool, waits until a ping succeeds (same attempts rule; a wrong password
// fails at once with a clear message instead of retrying), and applies the declared
// collections and indexes when migrate_on_start is set.
// ... and then the FerretDB accelerators (accelerate_ferretdb).
storage::result<std::shared_ptr<storage::mongo_client_pool>> start_mongodb(const storage::mongo_settings& s);

// Adds the GIN indexes FerretDB's PostgreSQL needs (storage/ferretdb/ferretdb_accelerators.hpp) and logs
// what it did; a no-op against MongoDB. `analyze` also refreshes that PostgreSQL's statistics
// (after a bulk load). Errors reaching FerretDB's PostgreSQL fail the call.
storage::status accelerate_ferretdb(storage::mongo_client_pool& pool, const storage::mongo_settings& s,
                                    bool analyze = false);

}  // namespace app
