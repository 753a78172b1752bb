// The startup policy on PostgreSQL's answers alone (storage/postgres/startup_checks.hpp): no
// server, each case a row of a table.
#include <boost/test/unit_test.hpp>

#include "storage/postgres/startup_checks.hpp"

namespace {

using storage::code;
using storage::migration_state;
using storage::pg_pooler;

storage::migration_status schema(std::vector<std::pair<int, migration_state>> rows, int current = 0) {
  storage::migration_status m;
  for (auto [v, st] : rows)
    m.entries.push_back({v, "step" + std::to_string(v), st, {}, {}});
  m.current_version = current;
  return m;
}

storage::pg_settings budget(pg_pooler p, int instances, int pool, int overflow, int client_limit = 0) {
  storage::pg_settings s;
  s.pooler = p;
  s.instances = instances;
  s.pool_size = pool;
  s.max_overflow = overflow;
  s.pooler_client_limit = client_limit;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(startup_checks)

BOOST_AUTO_TEST_CASE(the_schema_check_names_the_first_problem) {
  using m = migration_state;
  struct row {
    storage::migration_status status;
    bool ok;
    std::string text;  // in the verdict's message, or in the note when ok
  };
  const std::vector<row> rows = {
      {schema({{1, m::applied}, {2, m::applied}}, 2), true, "up to date"},
      {schema({{1, m::applied}, {2, m::file_missing}, {3, m::file_missing}}, 3), true, "version 3, 2 ahead"},
      {schema({{1, m::applied}, {2, m::pending}, {3, m::pending}}, 1), false, "lacks 2 migration(s) of this release (first: 0002_step2)"},
      {schema({{1, m::applied}, {2, m::dirty}}, 2), false, "0002_step2 is DIRTY"},
      {schema({{1, m::checksum_mismatch}, {2, m::pending}}, 1), false, "0001_step1 is EDITED"},
      {schema({}, 0), true, "up to date"},
  };
  for (const auto& r : rows) {
    const auto f = storage::check_schema(r.status);
    BOOST_TEST(f.verdict.is_ok() == r.ok, r.text);
    if (!r.ok)
      BOOST_TEST((f.verdict.error_code() == code::conflict), r.text);
    const auto& said = r.ok ? f.note : f.verdict.message();
    BOOST_TEST(said.find(r.text) != std::string::npos, said);
  }
}

BOOST_AUTO_TEST_CASE(auto_pooler_follows_the_proxy_answer_and_a_set_one_stays) {
  struct row {
    pg_pooler configured;
    std::optional<bool> proxied;
    pg_pooler expected;
    bool warning;
  };
  const std::vector<row> rows = {
      {pg_pooler::automatic, false, pg_pooler::none, false},
      {pg_pooler::automatic, true, pg_pooler::transaction, false},
      {pg_pooler::automatic, std::nullopt, pg_pooler::transaction, true},  // unknown: the safe choice
      {pg_pooler::none, true, pg_pooler::none, false},
      {pg_pooler::transaction, false, pg_pooler::transaction, false},
  };
  for (const auto& r : rows) {
    const auto f = storage::resolve_pooler(r.configured, r.proxied);
    BOOST_TEST((f.pooler == r.expected), storage::pooler_text(r.configured));
    BOOST_TEST(f.warning == r.warning);
  }
  BOOST_TEST(std::string(storage::pooler_text(pg_pooler::automatic)) == "auto");
}

BOOST_AUTO_TEST_CASE(the_connection_limit_is_parsed_strictly) {
  BOOST_TEST(storage::connection_limit("100", "3").value_or(-1) == 97);
  BOOST_TEST(storage::connection_limit("3", "3").value_or(-1) == 0);
  // Unexpected text never throws: no limit, and the budget goes unchecked with a warning.
  for (const auto& [max, reserved] : std::vector<std::pair<std::string, std::string>>{
           {"", "3"}, {"100", ""}, {"abc", "3"}, {"100kB", "3"}, {" 100", "3"}, {"-5", "0"},
           {"99999999999999999999", "3"}, {"3", "4"}, {"100", "1.5"}})
    BOOST_TEST(!storage::connection_limit(max, reserved).has_value(), max << " / " << reserved);
}

BOOST_AUTO_TEST_CASE(the_connection_budget_counts_pools_and_listeners) {
  struct row {
    storage::pg_settings s;
    int limit;
    bool ok;
    bool warning;
    std::string text;
  };
  const std::vector<row> rows = {
      // direct: 2 x (10 + 5) pooled + 2 listeners = 32
      {budget(pg_pooler::none, 2, 10, 5), 32, true, false, "= 32 of 32"},
      {budget(pg_pooler::none, 2, 10, 5), 31, false, false, "= 32 connections, but the server allows 31"},
      // through a pooler only the listeners count against the server
      {budget(pg_pooler::transaction, 3, 50, 50), 3, true, false, "= 300 pooled connections"},
      {budget(pg_pooler::transaction, 3, 50, 50), 2, false, false, "3 direct listener connection(s) do not fit in the server's 2"},
      {budget(pg_pooler::transaction, 3, 10, 0, 30), 10, true, false, "30 pooled connections of the pooler's 30"},
      {budget(pg_pooler::transaction, 3, 10, 1, 30), 10, true, true, "33 pooled connections exceeds the pooler's client limit 30"},
  };
  for (const auto& r : rows) {
    const auto f = storage::check_connection_budget(r.s, r.limit);
    BOOST_TEST(f.verdict.is_ok() == r.ok, r.text);
    if (!r.ok)
      BOOST_TEST((f.verdict.error_code() == code::invalid), r.text);
    BOOST_TEST(f.warning == r.warning, r.text);
    const auto& said = r.ok ? f.note : f.verdict.message();
    BOOST_TEST(said.find(r.text) != std::string::npos, said);
  }
}

BOOST_AUTO_TEST_SUITE_END()
