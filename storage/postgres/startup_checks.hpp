// What serve decides from PostgreSQL's answers at startup, without a connection: whether the
// schema holds this release's migrations, whether a pooler sits in between, and whether the
// connection budget fits the server. The caller (app/startup.cpp) asks the server and logs the
// findings; these functions only judge, so each can be tested on the answers alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/common/pg_settings.hpp"
#include "storage/common/status.hpp"
#include "storage/postgres/pg_migrator.hpp"

namespace storage {

// A check's finding: a verdict, and when the verdict is ok, a line for the log.
struct startup_finding {
  status verdict;        // not ok: startup stops (invalid: bad configuration, exit 2)
  bool warning = false;  // log `note` as a warning, else as info
  std::string note;      // what to log when the verdict is ok; empty: nothing
};

// Without migrate_on_start the schema must hold every migration this binary ships: a pending
// one is a skipped release step, a dirty or edited one a failed one (conflict). Versions without
// a file here are a newer release's (a rolling upgrade): fine, and noted.
startup_finding check_schema(const migration_status& m);

// "none", "transaction" or "auto".
const char* pooler_text(pg_pooler p);

// `automatic` resolved from whether the server saw another client port than our socket's
// (`proxied`; nullopt when that could not be told: then `transaction`, always safe). Another
// setting is kept as configured. The note says why, when there is something to say.
struct pooler_finding {
  pg_pooler pooler = pg_pooler::transaction;
  bool warning = false;
  std::string note;
};
pooler_finding resolve_pooler(pg_pooler configured, std::optional<bool> proxied);

// max_connections less superuser_reserved_connections, from the server's text answers
// (queries::server_connection_limits); nullopt unless both are plain non-negative integers that
// leave a non-negative limit.
std::optional<int> connection_limit(std::string_view max_connections, std::string_view reserved);

// Every instance may open pool_size + max_overflow pooled connections and one direct one (the
// revocation listener). Without a pooler all of them must fit in `limit` (else invalid); through
// one, the direct ones must, and pooled ones above pooler_client_limit (when set) get a warning.
startup_finding check_connection_budget(const pg_settings& s, int limit);

}  // namespace storage
