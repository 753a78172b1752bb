// Which databases seeding may touch without --force: only the local development stack, i.e.
// every PostgreSQL and MongoDB host is 127.0.0.1, localhost or ::1, and both databases are
// p2p_sandbox. Seed data holds an admin with a published default password, and --reset deletes
// rows, so anything else needs an explicit --force. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "storage/common/status.hpp"

namespace storage::seed {

inline constexpr const char* dev_database = "p2p_sandbox";

// True for 127.0.0.1, localhost and ::1 (either case; a host may carry ":port" or "[::1]").
bool is_loopback_host(std::string_view host);

// ok when both targets are the local development databases; otherwise `invalid`, with a
// message naming each reason (the URLs' passwords never appear). `pg_url` is the PostgreSQL
// URL; `mongo_url` the MongoDB URL and `mongo_database` the database the service uses in it.
// A PostgreSQL URL may also name hosts in its query (host=, hostaddr=): each must be local.
status check_dev_target(const std::string& pg_url, const std::string& mongo_url,
                        const std::string& mongo_database);

}  // namespace storage::seed
