// A private world for seeding tests: a throwaway PostgreSQL schema (migrated) and a throwaway
// MongoDB database (migrated, dropped at the end), so seeding never touches the shared
// p2p_sandbox data. FerretDB lets the stack's user create databases; a missing store FAILS the
// test. Not thread-safe: one per test.
#pragma once

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "tools/seed/seed_digest.hpp"
#include "tools/seed/seed_run.hpp"
#include "support/mongo_scratch.hpp"
#include "support/pg_scratch.hpp"
#include "support/test_env.hpp"

namespace seed_test {

namespace seed = storage::seed;

inline storage::mongo_settings scratch_database() {
  auto s = test_env::settings().mongodb;
  s.database = "p2p_seedtest_" + storage::format_oid(storage::new_oid());
  return s;
}

struct world {
  pg_test::scratch_schema schema;
  std::unique_ptr<storage::pg_connection> pg = schema.connect();
  storage::mongo_settings mongo_settings = scratch_database();
  std::shared_ptr<storage::mongo_client_pool> pool = mongo_test::migrated_pool(mongo_settings);
  storage::mongo_lease lease = pool->pop();
  seed::mongo_target mongo{lease.get(), mongo_settings.database, std::chrono::minutes(2)};
  seed::silent_progress quiet;

  world() { BOOST_REQUIRE_MESSAGE(lease, lease.get_status().to_string()); }
  ~world() {
    auto drop = storage::make_bson();
    storage::append_int64(drop.get(), "dropDatabase", 1);
    storage::bson_reply reply;
    (void)storage::run_command(ctx(), drop.get(), reply.get(), "dropDatabase");
  }

  storage::mongo_context ctx() const { return mongo.context(); }

  // The options of a test run: fast hashing, credentials of its own.
  static seed::seed_options options() {
    seed::seed_options o;
    o.data_size = seed::size::small;
    o.admin_email = "admin@seed-test.local";
    o.admin_password = "admin-test-password";
    o.user_password = "user-test-password";
    o.hashing = storage::password_params::fastest();
    return o;
  }

  seed::seed_result run(const seed::seed_options& o = options()) {
    auto r = seed::seed(*pg, mongo, o, quiet);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }

  seed::content_digest digest() {
    auto d = seed::database_digest(*pg, mongo, quiet);
    BOOST_REQUIRE_MESSAGE(d.is_ok(), d.get_status().to_string());
    return d.value();
  }
};

}  // namespace seed_test
