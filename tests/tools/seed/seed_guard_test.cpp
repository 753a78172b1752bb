// The target check of `seed` and `seed --reset`: only the local p2p_sandbox databases pass.
#include <boost/test/unit_test.hpp>

#include "tools/seed/seed_guard.hpp"

namespace seed = storage::seed;

namespace {

const std::string dev_pg = "postgresql://p2p_user:iiot123@127.0.0.1:5432/p2p_sandbox";
const std::string dev_mongo = "mongodb://p2p_user:iiot123@127.0.0.1:27017/p2p_sandbox";

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_guard)

BOOST_AUTO_TEST_CASE(loopback_hosts) {
  for (const char* h : {"127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "[::1]:5432",
                        "localhost:27017", "127.0.0.1:5432"})
    BOOST_TEST(seed::is_loopback_host(h), h);
  for (const char* h : {"", "127.0.0.2", "db.internal", "10.0.0.5", "localhost.evil.com",
                        "[::2]", "0.0.0.0", "::"})
    BOOST_TEST(!seed::is_loopback_host(h), h);
}

BOOST_AUTO_TEST_CASE(the_local_development_databases_pass) {
  BOOST_TEST(seed::check_dev_target(dev_pg, dev_mongo, "p2p_sandbox").is_ok());
  BOOST_TEST(seed::check_dev_target("postgres://u:p@localhost/p2p_sandbox?options=-csearch_path%3Dx",
                                    "mongodb://u:p@[::1]:27017/p2p_sandbox", "p2p_sandbox")
                 .is_ok());
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused_with_every_reason) {
  struct row {
    const char* what;
    std::string pg, mongo, mongo_db, reason;
  };
  const row rows[] = {
      {"pg database", "postgresql://u:secret@127.0.0.1:5432/p2p_production", dev_mongo, "p2p_sandbox",
       "postgresql database is p2p_production"},
      {"pg remote host", "postgresql://u:secret@db.internal:5432/p2p_sandbox", dev_mongo, "p2p_sandbox",
       "postgresql host db.internal is not local"},
      {"pg host in the query", "postgresql://u:secret@127.0.0.1/p2p_sandbox?host=db.internal", dev_mongo,
       "p2p_sandbox", "postgresql host db.internal is not local"},
      {"pg without a database", "postgresql://u:secret@127.0.0.1:5432", dev_mongo, "p2p_sandbox",
       "postgresql database is (none)"},
      {"mongo database setting", dev_pg, dev_mongo, "p2p", "mongodb database is p2p"},
      {"mongo seed list", dev_pg, "mongodb://u:secret@127.0.0.1:27017,mongo2:27017/p2p_sandbox",
       "p2p_sandbox", "mongodb host mongo2:27017 is not local"},
      {"not a URL", "nonsense", dev_mongo, "p2p_sandbox", "postgresql URL is not valid"},
  };
  for (const auto& r : rows) {
    const auto st = seed::check_dev_target(r.pg, r.mongo, r.mongo_db);
    BOOST_TEST((st.error_code() == storage::code::invalid), r.what);
    BOOST_TEST(st.message().find(r.reason) != std::string::npos, r.what << ": " << st.message());
    BOOST_TEST(st.message().find("secret") == std::string::npos, r.what);
  }
  const auto both = seed::check_dev_target("postgresql://u:p@db:5432/prod", dev_mongo, "other");
  BOOST_TEST(both.message().find("postgresql host db") != std::string::npos);
  BOOST_TEST(both.message().find("postgresql database is prod") != std::string::npos);
  BOOST_TEST(both.message().find("mongodb database is other") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
