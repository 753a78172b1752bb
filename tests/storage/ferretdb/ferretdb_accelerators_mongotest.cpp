// storage/ferretdb/ferretdb_accelerators against the stack's FerretDB and its PostgreSQL
// (FERRETDB_POSTGRESQL_URL, set by scripts/test): the GIN indexes appear once per field, a second
// run adds none, a re-created collection gets them again, PostgreSQL uses them for the
// expression FerretDB pushes down, and nothing happens without a URL. The stack's server is
// FerretDB, so these tests require it (against MongoDB the report says "skipped", which the
// startup log shows). Each test works in a database of its own, dropped at the end.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "storage/ferretdb/ferretdb_accelerators.hpp"
#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "support/mongo_scratch.hpp"
#include "support/test_env.hpp"

namespace {

using namespace std::chrono_literals;

storage::mongo_settings own_database() {
  storage::mongo_settings s = test_env::settings().mongodb;
  s.database = "p2p_accel_" + storage::format_oid(storage::new_oid());
  return s;
}

struct accel_fixture : mongo_test::scratch {
  accel_fixture() : mongo_test::scratch(own_database()) {}
  ~accel_fixture() {
    auto cmd = storage::make_bson();
    bson_append_int32(cmd.get(), "dropDatabase", -1, 1);
    storage::bson_reply reply;
    (void)storage::run_command(ctx(), cmd.get(), reply.get(), "dropDatabase");
  }

  const std::string& pg_url() const { return test_env::settings().mongodb.ferretdb_postgresql_url; }
  void require_ferretdb() {
    auto f = storage::is_ferretdb(ctx().client(), pool->database(), 5s);
    BOOST_REQUIRE_MESSAGE(f.is_ok(), f.get_status().to_string());
    BOOST_REQUIRE_MESSAGE(f.value(), "the server must be FerretDB (the stack's) for these tests");
    BOOST_REQUIRE_MESSAGE(!pg_url().empty(), "FERRETDB_POSTGRESQL_URL must name FerretDB's PostgreSQL (scripts/test sets it)");
  }
  storage::accelerator_report apply(const std::string& url) {
    auto r = storage::apply_ferretdb_accelerators(ctx().client(), pool->database(), url);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }
  void run(const char* verb, const char* coll) {
    auto cmd = storage::make_bson();
    storage::append_string(cmd.get(), verb, coll);
    storage::bson_reply reply;
    BOOST_REQUIRE(storage::run_command(ctx(), cmd.get(), reply.get(), verb).is_ok());
  }
};

int accelerated() { return static_cast<int>(storage::ferretdb_accelerated_fields.size()); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ferretdb_accelerators, accel_fixture)

BOOST_AUTO_TEST_CASE(one_index_per_field_once) {
  require_ferretdb();
  const int expected = accelerated();
  auto first = apply(pg_url());
  BOOST_TEST(first.applied);
  BOOST_TEST(first.expected == expected);
  BOOST_TEST(first.present == expected);  // every collection exists after the migrations
  BOOST_TEST(first.created == expected);  // a new database
  auto again = apply(pg_url());
  BOOST_TEST(again.present == expected);
  BOOST_TEST(again.created == 0);
  BOOST_TEST(storage::describe(again).find(std::to_string(expected) + " of " + std::to_string(expected)) !=
             std::string::npos);
}

// What seed --reset does: the collection is dropped and created again, on a new table.
BOOST_AUTO_TEST_CASE(a_recreated_collection_gets_them_again) {
  require_ferretdb();
  const int expected = accelerated();
  apply(pg_url());
  run("drop", storage::posts_collection);
  auto gone = apply(pg_url());
  const int post_fields = static_cast<int>(std::count_if(
      storage::ferretdb_accelerated_fields.begin(), storage::ferretdb_accelerated_fields.end(),
      [](const auto& f) { return std::string(f.collection) == storage::posts_collection; }));
  BOOST_TEST(post_fields == 5);
  BOOST_TEST(gone.present == expected - post_fields);
  BOOST_TEST(storage::describe(gone).find("wait for their collections") != std::string::npos);
  run("create", storage::posts_collection);
  auto back = apply(pg_url());
  BOOST_TEST(back.created == post_fields);
  BOOST_TEST(back.present == expected);
}

// The index serves the expression FerretDB sends for {_id: X}: `_jsonb->'_id' @> '"<hex>"'`.
BOOST_AUTO_TEST_CASE(postgresql_uses_them_for_pushed_equalities) {
  require_ferretdb();
  apply(pg_url());
  auto pg = storage::pg_connection::connect(pg_url(), 3000ms);
  BOOST_REQUIRE_MESSAGE(pg.is_ok(), pg.get_status().to_string());
  // Test-only SQL with the scratch database's name in it.
  const std::string schema = "\"" + pool->database() + "\"";
  const std::string table_sql = "SELECT _jsonb->>'table' FROM " + schema +
                                "._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1";
  const storage::pg_statement table_of{"test_accel_table_of", table_sql.c_str(), 1};
  auto table = pg.value()->exec(table_of, {std::string(storage::posts_collection)});
  BOOST_REQUIRE(table.is_ok());
  BOOST_REQUIRE_EQUAL(table->rows(), 1);
  // An empty table could be scanned faster; forbid that, so the plan shows whether the index fits.
  BOOST_REQUIRE(pg.value()->exec_script("SET enable_seqscan = off").is_ok());
  const std::string explain_sql = "EXPLAIN SELECT _jsonb FROM " + schema + ".\"" + std::string(table->get(0, 0)) +
                                  "\" WHERE _jsonb->'_id' @> $1::jsonb";
  const storage::pg_statement explain{"test_accel_explain", explain_sql.c_str(), 1};
  auto plan = pg.value()->exec(explain, {"\"" + token + "\""});
  BOOST_REQUIRE(plan.is_ok());
  std::string text;
  for (int i = 0; i < plan->rows(); ++i)
    text += std::string(plan->get(i, 0)) + "\n";
  BOOST_TEST(text.find("__id_p2p_gin") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(skipped_without_a_url) {
  require_ferretdb();
  auto r = apply("");
  BOOST_TEST(r.ferretdb);
  BOOST_TEST(!r.applied);
  BOOST_TEST(r.present == 0);
  BOOST_TEST(r.skipped_because.find("ferretdb_postgresql_url") != std::string::npos, r.skipped_because);
}

BOOST_AUTO_TEST_SUITE_END()
