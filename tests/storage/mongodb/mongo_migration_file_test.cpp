#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "storage/mongodb/mongo_migration_file.hpp"

namespace {

bool mentions(const storage::status& st, const std::string& text) {
  return st.message().find(text) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mongo_migration_file)

BOOST_AUTO_TEST_CASE(the_shipped_migrations_parse) {
  auto all = storage::load_mongo_migrations(P2P_SOURCE_DIR "/migrations/mongodb");
  BOOST_REQUIRE_MESSAGE(all.is_ok(), all.get_status().to_string());
  BOOST_REQUIRE(!all->empty());
  const auto& first = all->front();
  BOOST_TEST(first.version == 1);
  BOOST_TEST(first.name == "initial");
  BOOST_TEST(first.checksum.size() == 64u);
  auto has_index = [&](const char* coll, const char* name) {
    return std::any_of(first.indexes.begin(), first.indexes.end(), [&](const auto& i) {
      return i.collection == coll && i.name == name;
    });
  };
  for (auto [coll, name] : {std::pair{"user_profiles", "user_id_unique"}, {"user_profiles", "industry"},
                            {"user_profiles", "expertise"}, {"forum_posts", "category_created_at"},
                            {"forum_posts", "tags"}, {"forum_posts", "author_id"},
                            {"forum_posts", "status_created_at"}, {"forum_replies", "post_id_created_at"},
                            {"forum_replies", "author_id"}, {"use_cases", "industry"},
                            {"use_cases", "tags"}, {"use_cases", "location_lat_lng"}})
    BOOST_TEST(has_index(coll, name), coll << "." << name);
  // The unique one is unique; the 2dsphere one is optional; key order is kept.
  for (const auto& i : first.indexes) {
    if (i.name == "user_id_unique")
      BOOST_TEST(i.unique);
    if (i.name == "geo_point_2dsphere") {
      BOOST_TEST(i.optional);
      BOOST_TEST(i.keys.at(0).kind == "2dsphere");
    }
    if (i.collection == "forum_posts" && i.name == "category_created_at") {
      BOOST_TEST(i.keys.at(0).field == "category");
      BOOST_TEST(i.keys.at(1).field == "created_at");
      BOOST_TEST(i.keys.at(1).direction == -1);
    }
  }
}

BOOST_AUTO_TEST_CASE(minimal_file) {
  auto m = storage::parse_mongo_migration("0042_add_things.json", R"({"collections": ["things"]})");
  BOOST_REQUIRE(m.is_ok());
  BOOST_TEST(m->version == 42);
  BOOST_TEST(m->name == "add_things");
  BOOST_TEST(m->collections == std::vector<std::string>{"things"});
  BOOST_TEST(m->indexes.empty());
}

BOOST_AUTO_TEST_CASE(backfills_are_known_names_in_order) {
  auto m = storage::parse_mongo_migration("0002_cells.json", R"({"backfills": ["use_case_geo_cells"]})");
  BOOST_REQUIRE_MESSAGE(m.is_ok(), m.get_status().to_string());
  BOOST_TEST(m->backfills == std::vector<std::string>{"use_case_geo_cells"});
  // The shipped 0002 asks for it, with the index the near search reads.
  auto all = storage::load_mongo_migrations(P2P_SOURCE_DIR "/migrations/mongodb");
  BOOST_REQUIRE(all.is_ok());
  BOOST_REQUIRE(all->size() >= 2u);
  const auto& second = all->at(1);
  BOOST_TEST(second.backfills == std::vector<std::string>{"use_case_geo_cells"});
  BOOST_TEST(std::any_of(second.indexes.begin(), second.indexes.end(),
                         [](const auto& i) { return i.collection == "use_cases" && i.name == "geo_cells"; }));
}

BOOST_AUTO_TEST_CASE(checksum_is_sha256_of_the_bytes) {
  // SHA-256("abc"), FIPS 180-2 example.
  BOOST_TEST(storage::mongo_migration_checksum("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto a = storage::parse_mongo_migration("0001_a.json", "{}");
  auto b = storage::parse_mongo_migration("0001_a.json", "{ }");
  BOOST_REQUIRE(a.is_ok());
  BOOST_REQUIRE(b.is_ok());
  BOOST_TEST(a->checksum != b->checksum);  // any byte counts, whitespace included
}

BOOST_AUTO_TEST_CASE(bad_files_are_refused_with_the_path) {
  struct row {
    const char* file;
    const char* text;
    const char* expect;
  };
  const row rows[] = {
      {"1_short.json", "{}", "0001_some_name.json"},
      {"0001_Upper.json", "{}", "0001_some_name.json"},
      {"0000_zero.json", "{}", "versions start at 1"},
      {"0001_x.json", "{not json", "not valid JSON"},
      {"0001_x.json", "[]", "must be an object"},
      {"0001_x.json", R"({"colections": []})", "$.colections: unknown key"},
      {"0001_x.json", R"({"collections": ["a$b"]})", "$.collections[0]"},
      {"0001_x.json", R"({"indexes": [{"collection": "c", "name": "n", "keys": []}]})",
       "$.indexes[0].keys: must be a non-empty array"},
      {"0001_x.json",
       R"({"indexes": [{"collection": "c", "name": "n", "keys": [{"field": "$where", "order": 1}]}]})",
       "$.indexes[0].keys[0].field"},
      {"0001_x.json",
       R"({"indexes": [{"collection": "c", "name": "n", "keys": [{"field": "a", "order": 2}]}]})",
       "$.indexes[0].keys[0].order"},
      {"0001_x.json",
       R"({"indexes": [{"collection": "c", "name": "n", "keys": [{"field": "a", "order": 1}], "unique": "yes"}]})",
       "$.indexes[0].unique"},
      {"0001_x.json",
       R"({"indexes": [{"collection": "c", "name": "n", "keys": [{"field": "a", "order": 1}]},
                       {"collection": "c", "name": "n", "keys": [{"field": "b", "order": 1}]}]})",
       "duplicate index name"},
      {"0001_x.json", R"({"validators": [{"collection": "c", "json_schema": "x"}]})",
       "$.validators[0].json_schema"},
      {"0001_x.json", R"({"backfills": "use_case_geo_cells"})", "$.backfills: must be an array"},
      {"0001_x.json", R"({"backfills": ["drop_everything"]})", "$.backfills[0]: must name a known backfill"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.file << " " << r.text) {
      auto m = storage::parse_mongo_migration(r.file, r.text);
      BOOST_REQUIRE(!m.is_ok());
      BOOST_TEST(storage::to_string(m.get_status().error_code()) == "invalid");
      BOOST_TEST(mentions(m.get_status(), r.expect), m.get_status().message());
    }
  }
}

BOOST_AUTO_TEST_CASE(directory_rules) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("mongo_migrations_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const char* name, const char* text) { std::ofstream(dir / name) << text; };
  write("0002_second.json", "{}");
  write("0001_first.json", "{}");
  write("README.md", "not a migration");
  auto ok = storage::load_mongo_migrations(dir.string());
  BOOST_REQUIRE(ok.is_ok());
  BOOST_REQUIRE_EQUAL(ok->size(), 2u);
  BOOST_TEST(ok->at(0).version == 1);  // sorted by version
  BOOST_TEST(ok->at(1).version == 2);
  write("0002_again.json", "{}");
  auto dup = storage::load_mongo_migrations(dir.string());
  BOOST_TEST(!dup.is_ok());
  BOOST_TEST(mentions(dup.get_status(), "same version"));
  fs::remove_all(dir);
  BOOST_TEST(!storage::load_mongo_migrations(dir.string()).is_ok());
}

BOOST_AUTO_TEST_SUITE_END()
