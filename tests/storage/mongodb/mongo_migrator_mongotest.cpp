// The MongoDB migrator against the real server: the shipped migrations applied twice change
// nothing; a scratch migration (a unique high version and unique collection names, removed
// afterwards) shows concurrent runs, the history record and the refusal of an edited file.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_json.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_migrator.hpp"
#include "storage/mongodb/mongo_ops.hpp"
#include "support/test_env.hpp"

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::unique_ptr<storage::mongo_client_pool> make_pool() {
  auto pool = storage::mongo_client_pool::create(test_env::settings().mongodb);
  BOOST_REQUIRE_MESSAGE(pool.is_ok(), pool.get_status().to_string());
  auto lease = pool.value()->pop();
  auto st = pool.value()->ping(lease);
  BOOST_REQUIRE_MESSAGE(st.is_ok(), "MongoDB must be reachable: " << st.to_string());
  return std::move(pool.value());
}

// name -> key JSON of every index of `coll`.
std::map<std::string, std::string> indexes_of(storage::mongo_client_pool& pool, const std::string& coll) {
  auto lease = pool.pop();
  BOOST_REQUIRE(lease);
  storage::mongo_context ctx(lease.get(), pool.database(), 5s);
  auto cmd = storage::make_bson();
  storage::append_string(cmd.get(), "listIndexes", coll);
  storage::bson_reply reply;
  auto st = storage::run_command(ctx, cmd.get(), reply.get(), "listIndexes");
  BOOST_REQUIRE_MESSAGE(st.is_ok(), st.to_string());
  std::map<std::string, std::string> out;
  bson_iter_t it, batch;
  if (bson_iter_init(&it, reply.get()) && bson_iter_find_descendant(&it, "cursor.firstBatch", &batch) &&
      bson_iter_recurse(&batch, &batch)) {
    while (bson_iter_next(&batch)) {
      uint32_t len = 0;
      const uint8_t* data = nullptr;
      bson_iter_document(&batch, &len, &data);
      bson_t index;
      bson_init_static(&index, data, len);
      bson_iter_t key;
      std::string key_json;
      if (bson_iter_init_find(&key, &index, "key")) {
        bson_iter_document(&key, &len, &data);
        bson_t k;
        bson_init_static(&k, data, len);
        key_json = storage::bson_to_json(&k);
      }
      const bool unique = storage::read_bool(&index, "unique").value_or(false);
      out[storage::read_string(&index, "name").value_or("?")] = key_json + (unique ? " unique" : "");
    }
  }
  return out;
}

void run(storage::mongo_client_pool& pool, const char* what, const bson_t* cmd) {
  auto lease = pool.pop();
  storage::mongo_context ctx(lease.get(), pool.database(), 5s);
  storage::bson_reply reply;
  (void)storage::run_command(ctx, cmd, reply.get(), what);
}

// A scratch migration directory, its collections and its history entry, removed at the end.
struct scratch_migration {
  storage::mongo_client_pool& pool;
  std::string token = storage::format_oid(storage::new_oid()).substr(16);
  int version = 900000 + static_cast<int>(std::hash<std::string>{}(token) % 90000);
  fs::path dir = fs::temp_directory_path() / ("mongo_mig_" + token);
  std::string coll = "scratch_" + token;
  fs::path file = dir / (std::to_string(version) + "_scratch.json");

  explicit scratch_migration(storage::mongo_client_pool& p) : pool(p) {
    fs::create_directories(dir);
    write(R"({"collections": [")" + coll + R"("], "indexes": [
      {"collection": ")" + coll + R"(", "name": "a_b", "unique": true,
       "keys": [{"field": "a", "order": 1}, {"field": "b", "order": -1}]},
      {"collection": ")" + coll + R"(", "name": "geo", "optional": true,
       "keys": [{"field": "g", "order": "2dsphere"}]}],
      "validators": [{"collection": ")" + coll + R"(", "json_schema": {"required": ["a"]}}]})");
  }
  ~scratch_migration() {
    auto drop = storage::make_bson();
    storage::append_string(drop.get(), "drop", coll);
    run(pool, "drop", drop.get());
    auto lease = pool.pop();
    storage::mongo_context ctx(lease.get(), pool.database(), 5s);
    auto filter = storage::make_bson();
    bson_append_int32(filter.get(), "_id", -1, version);
    (void)storage::delete_many(ctx, storage::migrations_collection, filter.get());
    fs::remove_all(dir);
  }
  void write(const std::string& text) { std::ofstream(file, std::ios::trunc) << text; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mongo_migrator)

BOOST_AUTO_TEST_CASE(shipped_migrations_applied_twice_change_nothing) {
  auto pool = make_pool();
  storage::mongo_migrator migrator(*pool, pool->database());
  auto first = migrator.up();
  BOOST_REQUIRE_MESSAGE(first.is_ok(), first.get_status().to_string());
  const char* colls[] = {"user_profiles", "forum_posts", "forum_replies", "use_cases"};
  std::map<std::string, std::map<std::string, std::string>> before;
  for (const char* c : colls)
    before[c] = indexes_of(*pool, c);
  BOOST_TEST(before["user_profiles"].at("user_id_unique") == R"({ "user_id" : 1 } unique)");
  BOOST_TEST(before["forum_posts"].at("category_created_at") == R"({ "category" : 1, "created_at" : -1 })");
  BOOST_TEST(before["use_cases"].count("location_lat_lng") == 1u);
  BOOST_TEST(before["forum_replies"].count("post_id_created_at") == 1u);

  auto second = migrator.up();
  BOOST_REQUIRE_MESSAGE(second.is_ok(), second.get_status().to_string());
  BOOST_TEST(second->empty());
  for (const char* c : colls)
    BOOST_TEST((indexes_of(*pool, c) == before[c]), c);

  auto states = migrator.status();
  BOOST_REQUIRE(states.is_ok());
  auto initial = std::find_if(states->begin(), states->end(), [](const auto& s) { return s.version == 1; });
  BOOST_REQUIRE(initial != states->end());
  BOOST_TEST(initial->applied);
  BOOST_TEST(!initial->changed);
  BOOST_TEST(initial->applied_at_ms.value_or(0) > 0);
}

BOOST_AUTO_TEST_CASE(concurrent_runs_record_once_then_edits_are_refused) {
  auto pool = make_pool();
  scratch_migration m(*pool);
  {
    storage::mongo_migrator probe(*pool, pool->database(), m.dir.string());
    auto states = probe.status();
    BOOST_REQUIRE(states.is_ok());
    auto mine = std::find_if(states->begin(), states->end(), [&](const auto& s) { return s.version == m.version; });
    BOOST_REQUIRE(mine != states->end());
    BOOST_TEST(!mine->applied);  // pending
  }
  constexpr int runners = 4;
  std::vector<storage::result<std::vector<int>>> results(runners, storage::status::internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < runners; ++i)
    threads.emplace_back([&, i] { results[i] = storage::mongo_migrator(*pool, pool->database(), m.dir.string()).up(); });
  for (auto& t : threads)
    t.join();
  size_t recorded = 0;
  for (auto& r : results) {
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    recorded += static_cast<size_t>(std::count(r->begin(), r->end(), m.version));
  }
  BOOST_TEST(recorded == 1u);  // exactly one run wrote the history entry
  auto idx = indexes_of(*pool, m.coll);
  BOOST_TEST(idx.at("a_b") == R"({ "a" : 1, "b" : -1 } unique)");

  // The history entry has what the format promises.
  {
    auto lease = pool->pop();
    storage::mongo_context ctx(lease.get(), pool->database(), 5s);
    auto filter = storage::make_bson();
    bson_append_int32(filter.get(), "_id", -1, m.version);
    auto doc = storage::find_one(ctx, storage::migrations_collection, filter.get());
    BOOST_REQUIRE(doc.is_ok());
    BOOST_REQUIRE(doc.value().has_value());
    const bson_t* h = doc.value()->get();
    BOOST_TEST(storage::read_string(h, "name").value_or("") == "scratch");
    BOOST_TEST(storage::read_string(h, "checksum").value_or("").size() == 64u);
    BOOST_TEST(storage::read_date_ms(h, "applied_at").value_or(0) > 0);
    BOOST_TEST(storage::read_int64(h, "duration_ms").has_value());
  }

  // Editing an applied file is refused, before anything runs, naming the file.
  m.write("{\"collections\": [\"" + m.coll + "\"]}");
  storage::mongo_migrator migrator(*pool, pool->database(), m.dir.string());
  auto refused = migrator.up();
  BOOST_REQUIRE(!refused.is_ok());
  BOOST_TEST(storage::to_string(refused.get_status().error_code()) == "conflict");
  BOOST_TEST(refused.get_status().message().find(m.file.filename().string()) != std::string::npos);
  BOOST_TEST(refused.get_status().message().find("changed after it was applied") != std::string::npos);
  auto states = migrator.status();
  BOOST_REQUIRE(states.is_ok());
  auto mine = std::find_if(states->begin(), states->end(), [&](const auto& s) { return s.version == m.version; });
  BOOST_REQUIRE(mine != states->end());
  BOOST_TEST(mine->applied);
  BOOST_TEST(mine->changed);
  // The shipped migrations are recorded but not in this directory: listed as file_missing.
  auto initial = std::find_if(states->begin(), states->end(), [](const auto& s) { return s.version == 1; });
  BOOST_REQUIRE(initial != states->end());
  BOOST_TEST(initial->file_missing);
}

BOOST_AUTO_TEST_SUITE_END()
