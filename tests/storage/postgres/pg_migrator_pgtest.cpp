// pg_migrator against the real server, each test in a scratch schema of its own (see
// pg_scratch.hpp): round trip, dirty state and recovery, an edited applied migration, SQL
// preview, and two migrators racing.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/postgres/pg_migrator.hpp"
#include "support/pg_scratch.hpp"

namespace fs = std::filesystem;
using storage::code;
using storage::pg_statement;

namespace {

constexpr pg_statement q_relation{"test_relation", "SELECT to_regclass($1) IS NOT NULL", 1};

bool relation_exists(storage::pg_connection& c, const std::string& name) {
  auto r = c.exec(q_relation, {name});
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  return r->get(0, 0) == "t";
}

// A copy of the project's first migration (0001) in a temp dir, so a test may add and edit
// files and count versions without depending on how many migrations the project has.
struct migrations_copy {
  fs::path dir;
  migrations_copy() {
    std::string pattern = (fs::temp_directory_path() / "p2p_migs_XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    for (const auto& e : fs::directory_iterator(storage::default_migrations_dir()))
      if (e.path().filename().string().rfind("0001_", 0) == 0)
        fs::copy_file(e.path(), dir / e.path().filename());
  }
  ~migrations_copy() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
  }
  void append(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary | std::ios::app) << text;
  }
};

storage::pg_migrator migrator(const pg_test::scratch_schema& s, const fs::path& dir) {
  storage::migrator_options o;
  o.url = s.url;
  o.dir = dir;
  return storage::pg_migrator(o);
}

bool same(code a, code b) { return a == b; }

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_migrator_live)

BOOST_AUTO_TEST_CASE(up_down_up_round_trip) {
  pg_test::scratch_schema s(false);
  migrations_copy files;
  auto m = migrator(s, files.dir);
  auto c = s.connect();
  const char* tables[] = {"users", "user_sessions", "system_configs"};

  auto up = m.up();
  BOOST_REQUIRE_MESSAGE(up.is_ok(), up.get_status().to_string());
  BOOST_REQUIRE_EQUAL(up->size(), 1u);
  BOOST_TEST(up.value()[0].version == 1);
  BOOST_TEST(up.value()[0].name == "initial_schema");
  for (const char* t : tables)
    BOOST_TEST(relation_exists(*c, t), t);
  auto history = m.history();
  BOOST_REQUIRE(history.is_ok());
  BOOST_REQUIRE_EQUAL(history->size(), 1u);
  BOOST_TEST(!history.value()[0].dirty);
  BOOST_TEST(history.value()[0].checksum.size() == 64u);
  BOOST_TEST(history.value()[0].duration_ms >= 0);
  auto again = m.up();
  BOOST_REQUIRE(again.is_ok());
  BOOST_TEST(again->empty());

  auto down = m.down();
  BOOST_REQUIRE_MESSAGE(down.is_ok(), down.get_status().to_string());
  BOOST_REQUIRE_EQUAL(down->size(), 1u);
  BOOST_TEST((down.value()[0].direction == storage::migration_direction::down));
  for (const char* t : tables)
    BOOST_TEST(!relation_exists(*c, t), t);
  BOOST_TEST(m.history()->empty());
  BOOST_TEST(relation_exists(*c, "schema_migrations"));  // the history table stays

  auto up2 = m.up();
  BOOST_REQUIRE_MESSAGE(up2.is_ok(), up2.get_status().to_string());
  BOOST_TEST(up2->size() == 1u);
  for (const char* t : tables)
    BOOST_TEST(relation_exists(*c, t), t);
  // Everything landed in the scratch schema (the first of the search_path).
  auto plain = pg_test::connect(test_env::pg_url());
  for (const char* t : {"users", "schema_migrations"})
    BOOST_TEST(relation_exists(*plain, s.name + "." + t), t);
}

BOOST_AUTO_TEST_CASE(up_n_and_down_n_step_through_versions) {
  pg_test::scratch_schema s(false);
  migrations_copy files;
  files.write("0002_widgets.up.sql", "CREATE TABLE widgets (id int);\n");
  files.write("0002_widgets.down.sql", "DROP TABLE widgets;\n");
  files.write("0003_gadgets.up.sql", "CREATE TABLE gadgets (id int);\n");
  files.write("0003_gadgets.down.sql", "DROP TABLE gadgets;\n");
  auto m = migrator(s, files.dir);
  auto c = s.connect();
  BOOST_TEST(m.up(2)->size() == 2u);
  BOOST_TEST(relation_exists(*c, "widgets"));
  BOOST_TEST(!relation_exists(*c, "gadgets"));
  auto status = m.inspect();
  BOOST_REQUIRE(status.is_ok());
  BOOST_TEST(status->current_version == 2);
  BOOST_TEST(status->pending == 1);
  BOOST_TEST(status->consistent);
  BOOST_TEST((status->entries[2].state == storage::migration_state::pending));
  BOOST_TEST(m.up()->size() == 1u);
  auto down = m.down(2);
  BOOST_REQUIRE(down.is_ok());
  BOOST_REQUIRE_EQUAL(down->size(), 2u);
  BOOST_TEST(down.value()[0].version == 3);
  BOOST_TEST(down.value()[1].version == 2);
  BOOST_TEST(relation_exists(*c, "users"));
  BOOST_TEST(!relation_exists(*c, "widgets"));
  BOOST_TEST(m.down(10)->size() == 1u);  // only one left
  BOOST_TEST(m.down(1)->empty());
  BOOST_TEST(same(m.up(0).get_status().error_code(), code::invalid));
}

BOOST_AUTO_TEST_CASE(failed_migration_is_dirty_until_forced) {
  pg_test::scratch_schema s(false);
  migrations_copy files;
  files.write("0002_broken.up.sql", "CREATE TABLE half_done (id int);\nSELEC oops;\n");
  files.write("0002_broken.down.sql", "DROP TABLE half_done;\n");
  auto m = migrator(s, files.dir);
  auto c = s.connect();

  auto up = m.up();
  BOOST_REQUIRE(!up.is_ok());
  const auto& msg = up.get_status().message();
  BOOST_TEST(msg.find("0002_broken (up) failed") != std::string::npos, msg);
  BOOST_TEST(msg.find("42601") != std::string::npos, msg);
  BOOST_TEST(msg.find("migrate force 1") != std::string::npos, msg);
  BOOST_TEST(msg.find("SELEC oops") == std::string::npos, msg);  // no SQL text
  BOOST_TEST(relation_exists(*c, "users"));        // 0001 committed
  BOOST_TEST(!relation_exists(*c, "half_done"));   // 0002 rolled back
  auto history = m.history();
  BOOST_REQUIRE_EQUAL(history->size(), 2u);
  BOOST_TEST(history.value()[1].dirty);

  auto refused = m.up();
  BOOST_TEST(same(refused.get_status().error_code(), code::conflict));
  BOOST_TEST(refused.get_status().message().find("dirty") != std::string::npos);
  BOOST_TEST(same(m.down().get_status().error_code(), code::conflict));
  BOOST_TEST(m.inspect()->dirty);

  files.write("0002_broken.up.sql", "CREATE TABLE half_done (id int);\n");
  BOOST_REQUIRE(m.force(1).is_ok());
  BOOST_TEST(m.history()->size() == 1u);
  auto fixed = m.up();
  BOOST_REQUIRE_MESSAGE(fixed.is_ok(), fixed.get_status().to_string());
  BOOST_TEST(fixed->size() == 1u);
  BOOST_TEST(relation_exists(*c, "half_done"));
  BOOST_TEST(same(m.force(3).error_code(), code::invalid));  // beyond the last file
  BOOST_REQUIRE(m.force(0).is_ok());
  BOOST_TEST(m.history()->empty());
}

BOOST_AUTO_TEST_CASE(an_edited_applied_migration_is_refused) {
  pg_test::scratch_schema s(false);
  migrations_copy files;
  auto m = migrator(s, files.dir);
  BOOST_REQUIRE(m.up().is_ok());
  files.append("0001_initial_schema.up.sql", "\n-- an innocent-looking edit\n");
  for (bool up : {true, false}) {
    auto r = up ? m.up() : m.down();
    BOOST_TEST(same(r.get_status().error_code(), code::conflict));
    BOOST_TEST(r.get_status().message().find("0001_initial_schema.up.sql was edited") != std::string::npos,
               r.get_status().message());
  }
  auto status = m.inspect();
  BOOST_REQUIRE(status.is_ok());
  BOOST_TEST((status->entries[0].state == storage::migration_state::checksum_mismatch));
  BOOST_TEST(!status->consistent);
  // A deliberate edit is accepted by force, which records the new checksum.
  BOOST_REQUIRE(m.force(1).is_ok());
  BOOST_TEST(m.up().is_ok());
}

BOOST_AUTO_TEST_CASE(sql_preview_touches_nothing) {
  pg_test::scratch_schema s(false);
  migrations_copy files;
  auto m = migrator(s, files.dir);
  auto c = s.connect();
  auto pending = m.sql(storage::migration_direction::up, std::nullopt, false);
  BOOST_REQUIRE_MESSAGE(pending.is_ok(), pending.get_status().to_string());
  BOOST_TEST(pending->find("-- 0001_initial_schema.up.sql") == 0u);
  BOOST_TEST(pending->find("CREATE TABLE users") != std::string::npos);
  BOOST_TEST(!relation_exists(*c, "users"));
  BOOST_TEST(m.sql(storage::migration_direction::down, std::nullopt, false)->find("nothing to run") !=
             std::string::npos);
  BOOST_REQUIRE(m.up().is_ok());
  BOOST_TEST(m.sql(storage::migration_direction::up, std::nullopt, false)->find("nothing to run") !=
             std::string::npos);
  auto down = m.sql(storage::migration_direction::down, 1, false);
  BOOST_REQUIRE(down.is_ok());
  BOOST_TEST(down->find("DROP TABLE IF EXISTS users") != std::string::npos);
  BOOST_TEST(relation_exists(*c, "users"));

  storage::migrator_options o;  // unreachable database: say so, or print --all
  o.url = "postgresql://u:Secret123@127.0.0.1:1/db";
  o.connect_timeout = std::chrono::milliseconds(500);
  storage::pg_migrator offline(o);
  auto refused = offline.sql(storage::migration_direction::up, std::nullopt, false);
  BOOST_TEST(same(refused.get_status().error_code(), code::unavailable));
  BOOST_TEST(refused.get_status().message().find("--all") != std::string::npos);
  BOOST_TEST(refused.get_status().message().find("Secret123") == std::string::npos);
  auto all = offline.sql(storage::migration_direction::up, std::nullopt, true);
  BOOST_REQUIRE(all.is_ok());
  BOOST_TEST(all->find("CREATE TABLE users") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(two_migrators_racing_apply_exactly_once) {
  pg_test::scratch_schema s(false);
  migrations_copy files;
  // A slow second migration widens the window in which both instances run.
  files.write("0002_slow.up.sql", "SELECT pg_sleep(0.5);\nCREATE TABLE slow_marker (id int);\n");
  files.write("0002_slow.down.sql", "DROP TABLE slow_marker;\n");
  storage::result<std::vector<storage::migration_step>> results[2] = {storage::status::internal("not run"),
                                                                      storage::status::internal("not run")};
  std::thread threads[2];
  for (int i = 0; i < 2; ++i)
    threads[i] = std::thread([&, i] { results[i] = migrator(s, files.dir).up(); });
  for (auto& t : threads)
    t.join();
  size_t total = 0;
  for (auto& r : results) {
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    total += r->size();
  }
  BOOST_TEST(total == 2u);  // each migration applied by exactly one of them
  BOOST_TEST((results[0]->empty() || results[1]->empty()));
  auto history = migrator(s, files.dir).history();
  BOOST_REQUIRE(history.is_ok());
  BOOST_TEST(history->size() == 2u);
}

BOOST_AUTO_TEST_CASE(migrate_up_on_start_uses_the_settings) {
  pg_test::scratch_schema s(false);
  storage::pg_settings settings;
  settings.url = s.url;
  BOOST_REQUIRE(storage::migrate_up_on_start(settings).is_ok());
  auto c = s.connect();
  BOOST_TEST(relation_exists(*c, "users"));
  BOOST_TEST(storage::migrate_up_on_start(settings).is_ok());  // idempotent

  storage::pg_settings down = settings;  // unavailable: retried, then reported
  down.url = "postgresql://u:not-the-password@127.0.0.1:1/db";
  down.retry.startup_attempts = 2;
  down.retry.backoff_initial = std::chrono::milliseconds(10);
  BOOST_TEST(same(storage::migrate_up_on_start(down).error_code(), code::unavailable));
}

BOOST_AUTO_TEST_SUITE_END()
