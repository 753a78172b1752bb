// The real binary: `seed` refuses targets other than the local development databases (touching
// nothing), and with --force seeds, verifies and resets a private world.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>

#include "cli/seed_fixture.hpp"
#include "support/server_process.hpp"

namespace seed = storage::seed;
using seed_test::world;

namespace {

// A world whose MongoDB database the binary is pointed at by a config file.
struct cli_world : world {
  std::string config = "/tmp/p2p-seedtest-" + mongo_settings.database + ".json";

  cli_world() {
    std::ofstream(config) << R"({"mongodb": {"database": ")" << mongo_settings.database << "\"}}";
  }
  ~cli_world() { std::remove(config.c_str()); }

  std::map<std::string, std::string> env(const std::string& database_url) const {
    const auto o = options();
    return {{"DATABASE_URL", database_url},
            {"P2P_SEED_ADMIN_EMAIL", o.admin_email},
            {"P2P_SEED_ADMIN_PASSWORD", o.admin_password},
            {"P2P_SEED_USER_PASSWORD", o.user_password}};
  }

  int seed_cli(std::vector<std::string> args, std::string& out, const std::string& database_url) {
    args.insert(args.begin(), {"--config", config, "seed"});
    return test_env::run_binary(args, out, env(database_url));
  }

  std::string expected_hash() const {
    return seed::expected_digest(seed::plan(seed::size::small), options().admin_email).hex();
  }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed_cli, cli_world)

BOOST_AUTO_TEST_CASE(reset_refuses_a_postgres_database_that_is_not_the_dev_one) {
  run();
  std::string out;
  const int rc = seed_cli({"--reset"}, out, "postgresql://p2p_user:iiot123@127.0.0.1:5432/p2p_production");
  BOOST_TEST(rc == 2, out);
  BOOST_TEST(has(out, "refusing"), out);
  BOOST_TEST(has(out, "postgresql database is p2p_production, not p2p_sandbox"), out);
  BOOST_TEST(has(out, "--force"), out);
  BOOST_TEST(!has(out, "iiot123"), out);
  BOOST_TEST(digest().hex() == expected_hash());  // the MongoDB side was not touched either
}

BOOST_AUTO_TEST_CASE(reset_refuses_a_mongodb_database_that_is_not_the_dev_one) {
  run();
  std::string out;
  const int rc = seed_cli({"--reset", "--size", "small"}, out, schema.url);  // PostgreSQL is dev
  BOOST_TEST(rc == 2, out);
  BOOST_TEST(has(out, "mongodb database is " + mongo_settings.database + ", not p2p_sandbox"), out);
  BOOST_TEST(!has(out, "postgresql database is"), out);
  BOOST_TEST(digest().hex() == expected_hash());  // nothing was deleted
}

BOOST_AUTO_TEST_CASE(with_force_it_seeds_verifies_and_resets) {
  std::string out;
  int rc = seed_cli({"--force", "--verify"}, out, schema.url);
  BOOST_TEST_REQUIRE(rc == 0, out);
  BOOST_TEST(has(out, "users:             inserted 51, existing 0"), out);
  BOOST_TEST(has(out, "replies:           inserted 800, existing 0"), out);
  BOOST_TEST(has(out, "admin:  admin@seed-test.local / admin-test-password"), out);
  BOOST_TEST(has(out, "database content hash " + expected_hash()), out);
  BOOST_TEST(has(out, "verify: the databases hold exactly the small data set"), out);
  BOOST_TEST(digest().hex() == expected_hash());

  rc = seed_cli({"--force"}, out, schema.url);
  BOOST_TEST_REQUIRE(rc == 0, out);
  BOOST_TEST(has(out, "users:             inserted 0, existing 51"), out);
  BOOST_TEST(has(out, "(existed already: left as it was, password unchanged)"), out);

  rc = seed_cli({"--force", "--reset", "--verify"}, out, schema.url);
  BOOST_TEST_REQUIRE(rc == 0, out);
  BOOST_TEST(has(out, "delete users:      deleted 51"), out);
  BOOST_TEST(has(out, "users:             inserted 51, existing 0"), out);
  BOOST_TEST(has(out, "verify: the databases hold exactly the small data set"), out);
}

BOOST_AUTO_TEST_CASE(bad_credentials_are_a_usage_error) {
  std::string out;
  auto e = env(schema.url);
  e["P2P_SEED_ADMIN_PASSWORD"] = "short";
  const int rc = test_env::run_binary({"--config", config, "seed", "--force"}, out, e);
  BOOST_TEST(rc == 2, out);
  BOOST_TEST(has(out, "P2P_SEED_ADMIN_PASSWORD must be 8..128 characters"), out);
}

BOOST_AUTO_TEST_SUITE_END()
