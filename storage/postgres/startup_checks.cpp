#include "storage/postgres/startup_checks.hpp"

#include <charconv>
#include <cstdio>

namespace storage {

startup_finding check_schema(const migration_status& m) {
  int pending = 0, newer = 0;
  std::string first_pending;
  for (const auto& e : m.entries) {
    char version[16];
    std::snprintf(version, sizeof version, "%04d", e.version);
    const auto id = std::string(version) + "_" + e.name;
    switch (e.state) {
      case migration_state::pending:
        if (pending++ == 0)
          first_pending = id;
        break;
      case migration_state::dirty:
      case migration_state::checksum_mismatch:
        return {status::conflict("postgres migration " + id + " is " + std::string(to_string(e.state)) +
                                 ": see docs/migrations.md, \"Recovery\""),
                false, {}};
      case migration_state::file_missing: ++newer; break;
      case migration_state::applied: break;
    }
  }
  if (pending > 0)
    return {status::conflict("the postgres schema lacks " + std::to_string(pending) +
                             " migration(s) of this release (first: " + first_pending +
                             "); run `p2p-backend migrate up` first (p2p-backend-migrate.service)"),
            false, {}};
  if (newer > 0)
    return {status::ok(), false,
            "postgres schema is at version " + std::to_string(m.current_version) + ", " + std::to_string(newer) +
                " ahead of this release: running on a newer schema"};
  return {status::ok(), false, "postgres schema is up to date (checked; migrate_on_start is off)"};
}

const char* pooler_text(pg_pooler p) {
  return p == pg_pooler::none ? "none" : p == pg_pooler::transaction ? "transaction" : "auto";
}

pooler_finding resolve_pooler(pg_pooler configured, std::optional<bool> proxied) {
  if (configured != pg_pooler::automatic)
    return {configured, false, {}};
  if (!proxied)
    return {pg_pooler::transaction, true,
            "postgresql: could not tell whether a pooler sits in between; using unnamed statements"};
  if (*proxied)
    return {pg_pooler::transaction, false,
            "postgresql: the server sees another client port than this socket's: a pooler or proxy sits in "
            "between; using unnamed statements and per-transaction timeouts (postgres.pooler = transaction)"};
  return {pg_pooler::none, false, {}};
}

namespace {

// A plain non-negative decimal integer that fits an int, the whole text; nullopt otherwise.
std::optional<int> non_negative_int(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0)
    return std::nullopt;
  return value;
}

}  // namespace

std::optional<int> connection_limit(std::string_view max_connections, std::string_view reserved) {
  const auto max = non_negative_int(max_connections);
  const auto kept = non_negative_int(reserved);
  if (!max || !kept || *kept > *max)
    return std::nullopt;
  return *max - *kept;
}

startup_finding check_connection_budget(const pg_settings& s, int limit) {
  const int per_instance = s.pool_size + s.max_overflow;
  const int pooled = s.instances * per_instance;
  const std::string rule = std::to_string(s.instances) + " instance(s) x (pool_size " + std::to_string(s.pool_size) +
                           " + max_overflow " + std::to_string(s.max_overflow) + ")";
  if (s.pooler == pg_pooler::none) {
    const int need = pooled + s.instances;
    if (need > limit)
      return {status::invalid("connection budget: " + rule + " + " + std::to_string(s.instances) + " listener(s) = " +
                              std::to_string(need) + " connections, but the server allows " + std::to_string(limit) +
                              " (max_connections less the reserved ones); lower the pools, raise max_connections, "
                              "or put a pooler in between"),
              false, {}};
    return {status::ok(), false,
            "postgresql: connection budget " + rule + " + " + std::to_string(s.instances) + " listener(s) = " +
                std::to_string(need) + " of " + std::to_string(limit)};
  }
  if (s.instances > limit)
    return {status::invalid("connection budget: " + std::to_string(s.instances) +
                            " direct listener connection(s) do not fit in the server's " + std::to_string(limit)),
            false, {}};
  if (s.pooler_client_limit > 0 && pooled > s.pooler_client_limit)
    return {status::ok(), true,
            "postgresql: connection budget " + rule + " = " + std::to_string(pooled) +
                " pooled connections exceeds the pooler's client limit " + std::to_string(s.pooler_client_limit) +
                " (postgres.pooler_client_limit): some connections will wait or be refused by the pooler"};
  return {status::ok(), false,
          "postgresql: connection budget " + rule + " = " + std::to_string(pooled) + " pooled connections" +
              (s.pooler_client_limit > 0 ? " of the pooler's " + std::to_string(s.pooler_client_limit) : std::string())};
}

}  // namespace storage
