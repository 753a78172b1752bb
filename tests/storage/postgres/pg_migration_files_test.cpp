#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "storage/crypto/digest.hpp"
#include "storage/postgres/pg_migration_files.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh empty directory, removed with everything in it at the end of the test.
struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "p2p_migfiles_XXXXXX").string();
    BOOST_REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~temp_dir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text = "SELECT 1;\n") const {
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

std::string load_error(const fs::path& dir) {
  auto r = storage::load_migration_files(dir);
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST(static_cast<int>(r.get_status().error_code()) == static_cast<int>(storage::code::invalid));
  return r.get_status().message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_migration_files)

BOOST_AUTO_TEST_CASE(reads_ordered_pairs_with_checksums) {
  temp_dir d;
  d.write("0002_add_x.up.sql", "CREATE TABLE x ();\n");
  d.write("0002_add_x.down.sql", "DROP TABLE x;\n");
  d.write("0001_init.up.sql", "CREATE TABLE a ();\n");
  d.write("0001_init.down.sql", "DROP TABLE a;\n");
  d.write("README.md", "ignored");
  auto r = storage::load_migration_files(d.path);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  BOOST_REQUIRE_EQUAL(r->size(), 2u);
  const auto& first = r.value()[0];
  BOOST_TEST(first.version == 1);
  BOOST_TEST(first.name == "init");
  BOOST_TEST(first.label() == "0001_init");
  BOOST_TEST(first.up_sql == "CREATE TABLE a ();\n");
  BOOST_TEST(first.down_sql == "DROP TABLE a;\n");
  BOOST_TEST(first.checksum == storage::sha256_hex("CREATE TABLE a ();\n"));
  BOOST_TEST(r.value()[1].label() == "0002_add_x");
}

BOOST_AUTO_TEST_CASE(sha256_known_vectors) {
  BOOST_TEST(storage::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(storage::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(empty_directory_has_no_migrations) {
  temp_dir d;
  auto r = storage::load_migration_files(d.path);
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r->empty());
}

BOOST_AUTO_TEST_CASE(missing_directory) {
  BOOST_TEST(load_error("/nonexistent/p2p/migrations").find("does not exist") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported) {
  temp_dir d;
  d.write("0001_init.up.sql");                  // no down
  d.write("0002_b.down.sql");                   // no up
  d.write("0003_c.up.sql");
  d.write("0003_other.up.sql");                 // duplicate version
  d.write("0003_c.down.sql");
  d.write("0004_d.up.sql");
  d.write("0004_e.down.sql");                   // names differ
  d.write("0006_f.up.sql");                     // gap: 0005
  d.write("0006_f.down.sql");
  d.write("0000_zero.up.sql");                  // version 0
  d.write("7_bad.up.sql");                      // malformed
  d.write("0008_Upper.up.sql");                 // malformed name
  const auto msg = load_error(d.path);
  for (const char* expected :
       {"0001_init.up.sql has no matching .down.sql", "0002_b.down.sql has no matching .up.sql",
        "duplicate version 0003", "0004_d.up.sql and 0004_e.down.sql have different names",
        "version 0005 is missing", "0000_zero.up.sql: versions start at 0001",
        "7_bad.up.sql: not named", "0008_Upper.up.sql: not named"})
    BOOST_TEST(msg.find(expected) != std::string::npos, "missing '" << expected << "' in:\n" << msg);
}

BOOST_AUTO_TEST_CASE(versions_must_start_at_one) {
  temp_dir d;
  d.write("0002_b.up.sql");
  d.write("0002_b.down.sql");
  BOOST_TEST(load_error(d.path).find("version 0001 is missing") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(new_migration_numbers_the_next_pair) {
  temp_dir d;
  auto first = storage::new_migration(d.path / "sub", "create_things");
  BOOST_REQUIRE_MESSAGE(first.is_ok(), first.get_status().to_string());
  BOOST_TEST(first.value() == d.path / "sub" / "0001_create_things.up.sql");
  BOOST_TEST(fs::exists(d.path / "sub" / "0001_create_things.down.sql"));
  auto second = storage::new_migration(d.path / "sub", "more");
  BOOST_REQUIRE(second.is_ok());
  BOOST_TEST(second.value().filename() == "0002_more.up.sql");
  auto files = storage::load_migration_files(d.path / "sub");
  BOOST_REQUIRE(files.is_ok());
  BOOST_REQUIRE_EQUAL(files->size(), 2u);
  BOOST_TEST(files.value()[1].up_sql.rfind("-- 0002_more (up)", 0) == 0);  // header comment
  BOOST_TEST(files.value()[1].down_sql.rfind("-- 0002_more (down)", 0) == 0);
}

BOOST_AUTO_TEST_CASE(new_migration_rejects_bad_names_and_bad_directories) {
  temp_dir d;
  for (const char* name : {"", "Has-Caps", "with space", "dash-ed", "../escape"})
    BOOST_TEST(!storage::new_migration(d.path, name).is_ok(), name);
  d.write("0001_only_up.up.sql");
  BOOST_TEST(!storage::new_migration(d.path, "next").is_ok());
  BOOST_TEST(!fs::exists(d.path / "0002_next.up.sql"));
}

BOOST_AUTO_TEST_SUITE_END()
