// Where the tests find the stores: DATABASE_URL and MONGODB_URL from the environment (set by
// scripts/test), else the defaults of config/default.json. Tests that need a store FAIL when it
// is missing: scripts/test starts the stack, so a missing store is a defect, never a skip.
#pragma once

#include <string>

#include "config/settings.hpp"

namespace test_env {

// The built-in settings with the environment applied (DATABASE_URL, MONGODB_URL, ...).
const config::settings& settings();

std::string pg_url();
std::string mongo_url();
// The stack's PgBouncer (transaction mode) in front of pg_url()'s database: P2P_PGBOUNCER_URL,
// else pg_url() with the port P2P_PGBOUNCER_PORT (6432).
std::string pgbouncer_url();

// `url` with its password replaced by `password`.
std::string with_password(const std::string& url, const std::string& password);

}  // namespace test_env
