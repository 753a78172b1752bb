// `p2p-backend migrate` as a process: two instances started together on a fresh schema apply
// each migration exactly once (the advisory lock), and status lists both stores.
#include <boost/test/unit_test.hpp>

#include <future>
#include <regex>

#include "support/pg_scratch.hpp"
#include "support/server_process.hpp"

BOOST_AUTO_TEST_SUITE(migrate_cli_e2e)

BOOST_AUTO_TEST_CASE(two_processes_started_together_apply_each_migration_once) {
  pg_test::scratch_schema schema(false);  // empty: nothing applied yet
  const std::map<std::string, std::string> env{{"DATABASE_URL", schema.url}};
  auto run = [&] {
    std::string out;
    int rc = test_env::run_binary({"migrate", "up", "--store", "postgres"}, out, env);
    return std::make_pair(rc, out);
  };
  auto a = std::async(std::launch::async, run);
  auto b = std::async(std::launch::async, run);
  auto [rc_a, out_a] = a.get();
  auto [rc_b, out_b] = b.get();
  BOOST_TEST(rc_a == 0, out_a);
  BOOST_TEST(rc_b == 0, out_b);
  const bool a_applied = out_a.find("migration(s) applied") != std::string::npos;
  const bool b_applied = out_b.find("migration(s) applied") != std::string::npos;
  BOOST_TEST((a_applied != b_applied), "exactly one process applies:\n" << out_a << "\n---\n" << out_b);

  auto conn = schema.connect();
  const storage::pg_statement count{"test_history_count",
                                    "SELECT count(*), count(DISTINCT version) FROM schema_migrations", 0};
  auto r = conn->exec(count, {});
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->get(0, 0) == r->get(0, 1));  // no version recorded twice
  BOOST_TEST(std::stoi(std::string(r->get(0, 0))) >= 1);
}

BOOST_AUTO_TEST_CASE(status_lists_both_stores) {
  std::string out;
  int rc = test_env::run_binary({"migrate", "status"}, out);
  BOOST_TEST(rc == 0, out);
  BOOST_TEST(std::regex_search(out, std::regex("0001 +initial_schema +applied +[0-9a-f]{12}")), out);
  BOOST_TEST(out.find("mongodb:") != std::string::npos, out);
  BOOST_TEST(out.find("initial") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
