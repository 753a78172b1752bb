#include <boost/test/unit_test.hpp>

#include "storage/postgres/config_store.hpp"
#include "support/pg_scratch.hpp"

using storage::code;

namespace {

bool same(code a, code b) { return a == b; }

}  // namespace

BOOST_AUTO_TEST_SUITE(config_store)

BOOST_AUTO_TEST_CASE(upsert_get_delete) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  auto created = storage::upsert_config(*c, "feature.flags", R"({"b": [1, 2], "a": true})", std::string("flags"));
  BOOST_REQUIRE_MESSAGE(created.is_ok(), created.get_status().to_string());
  BOOST_TEST(created->created);
  BOOST_TEST(created->entry.value_json == R"({"a": true, "b": [1, 2]})");  // jsonb normal form
  BOOST_TEST(created->entry.description.value() == "flags");
  BOOST_TEST(created->entry.updated_at_us == created->entry.created_at_us);

  auto replaced = storage::upsert_config(*c, "feature.flags", "42", std::nullopt);
  BOOST_REQUIRE(replaced.is_ok());
  BOOST_TEST(!replaced->created);
  BOOST_TEST(replaced->entry.value_json == "42");
  BOOST_TEST(replaced->entry.description.value() == "flags");  // nullopt keeps it
  BOOST_TEST(replaced->entry.created_at_us == created->entry.created_at_us);
  BOOST_TEST(replaced->entry.updated_at_us > created->entry.updated_at_us);

  auto got = storage::get_config(*c, "feature.flags");
  BOOST_REQUIRE(got.is_ok());
  BOOST_TEST(got->value_json == "42");
  auto plain = storage::upsert_config(*c, "plain", R"("text")", std::nullopt);
  BOOST_REQUIRE(plain.is_ok());
  BOOST_TEST(!plain->entry.description.has_value());

  BOOST_TEST(storage::delete_config(*c, "feature.flags").is_ok());
  BOOST_TEST(same(storage::get_config(*c, "feature.flags").get_status().error_code(), code::not_found));
  BOOST_TEST(same(storage::delete_config(*c, "feature.flags").error_code(), code::not_found));
}

BOOST_AUTO_TEST_CASE(updated_at_moves_within_one_transaction) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  BOOST_REQUIRE(c->exec_script("BEGIN").is_ok());
  auto first = storage::upsert_config(*c, "k", "1", std::nullopt);
  auto second = storage::upsert_config(*c, "k", "2", std::nullopt);
  BOOST_REQUIRE(c->exec_script("COMMIT").is_ok());
  BOOST_REQUIRE(first.is_ok());
  BOOST_REQUIRE(second.is_ok());
  BOOST_TEST(second->entry.updated_at_us > first->entry.updated_at_us);
}

BOOST_AUTO_TEST_CASE(rules_are_enforced) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  for (const std::string& key : std::vector<std::string>{"", "UPPER", "has space", std::string(65, 'a'), "semi;colon"}) {
    BOOST_TEST(!storage::is_valid_config_key(key), key);
    BOOST_TEST(same(storage::upsert_config(*c, key, "1", std::nullopt).get_status().error_code(), code::invalid));
    BOOST_TEST(same(storage::get_config(*c, key).get_status().error_code(), code::not_found));
    BOOST_TEST(same(storage::delete_config(*c, key).error_code(), code::not_found));
  }
  BOOST_TEST(storage::is_valid_config_key(std::string(64, 'a')));
  BOOST_TEST(storage::is_valid_config_key("a.b-c_9"));
  auto not_json = storage::upsert_config(*c, "k", "{not json", std::nullopt);
  BOOST_TEST(same(not_json.get_status().error_code(), code::invalid), not_json.get_status().to_string());
}

BOOST_AUTO_TEST_CASE(list_pages_by_key) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  for (const char* key : {"c", "a", "e", "b", "d"})
    BOOST_REQUIRE(storage::upsert_config(*c, key, "null", std::nullopt).is_ok());
  auto first = storage::list_configs(*c, std::nullopt, 2);
  BOOST_REQUIRE(first.is_ok());
  BOOST_REQUIRE_EQUAL(first->items.size(), 2u);
  BOOST_TEST(first->items[0].key == "a");
  BOOST_TEST(first->items[1].key == "b");
  BOOST_TEST(first->next_after.value() == "b");
  BOOST_REQUIRE(storage::upsert_config(*c, "aa", "null", std::nullopt).is_ok());  // before the cursor
  auto second = storage::list_configs(*c, first->next_after, 2);
  BOOST_REQUIRE(second.is_ok());
  BOOST_TEST(second->items[0].key == "c");
  BOOST_TEST(second->items[1].key == "d");
  auto last = storage::list_configs(*c, second->next_after, 2);
  BOOST_REQUIRE(last.is_ok());
  BOOST_REQUIRE_EQUAL(last->items.size(), 1u);
  BOOST_TEST(last->items[0].key == "e");
  BOOST_TEST(!last->next_after.has_value());
  BOOST_TEST(same(storage::list_configs(*c, std::nullopt, 0).get_status().error_code(), code::invalid));
}

BOOST_AUTO_TEST_SUITE_END()
