// `p2p-backend migrate --store mongodb`: the declared collections and indexes of
// migrations/mongodb. They are applied idempotently and never reverted, so only `up` and
// `status` act on MongoDB; other actions are PostgreSQL's alone.
#include <cstdio>

#include "cli/commands.hpp"
#include "app/startup.hpp"
#include "storage/common/time_format.hpp"
#include "storage/mongodb/mongo_driver.hpp"
#include "storage/mongodb/mongo_migrator.hpp"

namespace cli {

int run_mongodb_migrations(const config::settings& s, const migrate_options& o) {
  if (o.action != "up" && o.action != "status") {
    if (o.store == "mongodb") {
      std::fprintf(stderr, "p2p-backend migrate: mongodb supports only up and status\n");
      return 2;
    }
    return 0;  // --store all: this action is PostgreSQL's alone
  }
  storage::mongo_driver_init();
  auto created = storage::mongo_client_pool::create(s.mongodb);
  if (!created.is_ok()) {
    std::fprintf(stderr, "mongodb: %s\n", created.get_status().to_string().c_str());
    return 1;
  }
  auto& pool = *created.value();
  storage::mongo_migrator migrator(pool, pool.database());
  std::printf("mongodb: %s\n", pool.redacted_url().c_str());
  if (o.action == "up") {
    auto applied = migrator.up();
    if (!applied.is_ok()) {
      std::fprintf(stderr, "mongodb: %s\n", applied.get_status().to_string().c_str());
      return 1;
    }
    if (applied->empty())
      std::printf("mongodb: nothing to apply: collections and indexes are up to date\n");
    for (int v : applied.value())
      std::printf("mongodb: applied version %04d\n", v);
    if (auto st = app::accelerate_ferretdb(pool, s.mongodb); !st.is_ok()) {
      std::fprintf(stderr, "mongodb: %s\n", st.to_string().c_str());
      return 1;
    }
    return 0;
  }
  auto states = migrator.status();
  if (!states.is_ok()) {
    std::fprintf(stderr, "mongodb: %s\n", states.get_status().to_string().c_str());
    return 1;
  }
  std::printf("%-8s  %-24s  %-8s  %-12s  %-24s  %s\n", "VERSION", "NAME", "STATE", "CHECKSUM", "APPLIED_AT", "DURATION");
  bool consistent = true;
  for (const auto& m : states.value()) {
    const char* state = m.file_missing ? "missing" : m.changed ? "changed" : m.applied ? "applied" : "pending";
    consistent = consistent && !m.file_missing && !m.changed;
    std::printf("%04d      %-24s  %-8s  %-12s  %-24s  %s\n", m.version, m.name.c_str(), state,
                m.checksum.substr(0, 12).c_str(),
                m.applied_at_ms ? storage::format_rfc3339_ms(*m.applied_at_ms * 1000).c_str() : "-",
                m.duration_ms ? (std::to_string(*m.duration_ms) + " ms").c_str() : "-");
  }
  return consistent ? 0 : 1;
}

}  // namespace cli
