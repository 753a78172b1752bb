// The pure parts of pg_migrator: the history check and the lock key. The database side is in
// pg_migrator_pgtest.cpp.
#include <boost/test/unit_test.hpp>

#include "storage/crypto/digest.hpp"
#include "storage/postgres/pg_migrator.hpp"

namespace {

storage::migration_file file(int version, const std::string& name, const std::string& up_sql) {
  storage::migration_file f;
  f.version = version;
  f.name = name;
  f.up_path = storage::version_text(version) + "_" + name + ".up.sql";
  f.up_sql = up_sql;
  f.checksum = storage::sha256_hex(up_sql);
  return f;
}

storage::history_row row(const storage::migration_file& f, bool dirty = false) {
  return {f.version, f.name, f.checksum, 0, 1, dirty};
}

std::string refusal(const std::vector<storage::migration_file>& files,
                    const std::vector<storage::history_row>& history) {
  auto st = storage::check_migration_history(files, history);
  BOOST_REQUIRE(!st.is_ok());
  BOOST_TEST(static_cast<int>(st.error_code()) == static_cast<int>(storage::code::conflict));
  return st.message();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_migrator_pure)

BOOST_AUTO_TEST_CASE(lock_key_is_derived_from_its_name) {
  const auto digest = storage::sha256("p2p-backend:migrations");
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i)
    bits = (bits << 8) | digest[i];
  BOOST_TEST(static_cast<std::int64_t>(bits) == storage::migration_lock_key);
}

BOOST_AUTO_TEST_CASE(consistent_histories_pass) {
  std::vector files{file(1, "a", "A"), file(2, "b", "B"), file(3, "c", "C")};
  BOOST_TEST(storage::check_migration_history(files, {}).is_ok());
  BOOST_TEST(storage::check_migration_history(files, {row(files[0])}).is_ok());
  BOOST_TEST(storage::check_migration_history(files, {row(files[0]), row(files[1]), row(files[2])}).is_ok());
}

BOOST_AUTO_TEST_CASE(refusals_explain_themselves) {
  std::vector files{file(1, "a", "A"), file(2, "b", "B")};
  BOOST_TEST(refusal(files, {row(files[0]), row(files[1], true)}).find("0002_b is marked dirty") != std::string::npos);
  auto edited = row(files[0]);
  edited.checksum = storage::sha256_hex("the old text");
  const auto msg = refusal(files, {edited});
  BOOST_TEST(msg.find("0001_a.up.sql was edited after it was applied") != std::string::npos, msg);
  storage::history_row unknown{3, "c", "x", 0, 0, false};
  BOOST_TEST(refusal(files, {row(files[0]), row(files[1]), unknown}).find("no migration file") != std::string::npos);
  BOOST_TEST(refusal(files, {row(files[1])}).find("gaps") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(state_names) {
  BOOST_TEST(storage::to_string(storage::migration_state::pending) == "pending");
  BOOST_TEST(storage::to_string(storage::migration_state::applied) == "applied");
  BOOST_TEST(storage::to_string(storage::migration_state::dirty) == "DIRTY");
  BOOST_TEST(storage::to_string(storage::migration_state::checksum_mismatch) == "EDITED");
  BOOST_TEST(storage::to_string(storage::migration_state::file_missing) == "NO FILE");
}

BOOST_AUTO_TEST_SUITE_END()
