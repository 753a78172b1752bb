#include <boost/test/unit_test.hpp>

#include <set>

#include "storage/postgres/pg_values.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/pg_scratch.hpp"

using storage::code;

namespace {

bool same(code a, code b) { return a == b; }

storage::new_user person(const std::string& email, const std::string& name = "A Person") {
  return {email, "$argon2id$hash", name, "user", true};
}

storage::user must_create(storage::pg_connection& c, const std::string& email) {
  auto u = storage::create_user(c, person(email));
  BOOST_REQUIRE_MESSAGE(u.is_ok(), u.get_status().to_string());
  return u.value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(user_store)

BOOST_AUTO_TEST_CASE(create_get_update_delete) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  auto u = must_create(*c, "ada@example.com");
  BOOST_TEST(storage::is_canonical_uuid(u.id));
  BOOST_TEST(u.email == "ada@example.com");
  BOOST_TEST(u.role == "user");
  BOOST_TEST(u.is_active);
  BOOST_TEST(u.created_at_us > 1700000000000000);
  BOOST_TEST(u.updated_at_us == u.created_at_us);

  auto by_id = storage::get_user_by_id(*c, u.id);
  BOOST_REQUIRE(by_id.is_ok());
  BOOST_TEST(by_id->email == u.email);
  BOOST_TEST(by_id->created_at_us == u.created_at_us);
  auto by_email = storage::get_user_by_email(*c, "ADA@Example.COM");
  BOOST_REQUIRE(by_email.is_ok());
  BOOST_TEST(by_email->id == u.id);

  storage::user_changes ch;
  ch.full_name = "Ada Lovelace";
  ch.role = "admin";
  auto updated = storage::update_user(*c, u.id, ch);
  BOOST_REQUIRE_MESSAGE(updated.is_ok(), updated.get_status().to_string());
  BOOST_TEST(updated->full_name == "Ada Lovelace");
  BOOST_TEST(updated->role == "admin");
  BOOST_TEST(updated->email == "ada@example.com");  // untouched
  BOOST_TEST(updated->password_hash == u.password_hash);
  BOOST_TEST(updated->updated_at_us > u.updated_at_us);
  auto unchanged = storage::update_user(*c, u.id, {});
  BOOST_REQUIRE(unchanged.is_ok());
  BOOST_TEST(unchanged->updated_at_us == updated->updated_at_us);  // a no-op does not touch it

  BOOST_TEST(storage::delete_user(*c, u.id).is_ok());
  BOOST_TEST(same(storage::get_user_by_id(*c, u.id).get_status().error_code(), code::not_found));
  BOOST_TEST(same(storage::delete_user(*c, u.id).error_code(), code::not_found));
  BOOST_TEST(same(storage::update_user(*c, u.id, ch).get_status().error_code(), code::not_found));
}

BOOST_AUTO_TEST_CASE(conflicts_and_rule_violations) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  auto a = must_create(*c, "a@example.com");
  auto b = must_create(*c, "b@example.com");
  auto dup = storage::create_user(*c, person("A@EXAMPLE.com"));  // case-insensitive uniqueness
  BOOST_TEST(same(dup.get_status().error_code(), code::conflict), dup.get_status().to_string());
  storage::user_changes take_email;
  take_email.email = "a@example.com";
  BOOST_TEST(same(storage::update_user(*c, b.id, take_email).get_status().error_code(), code::conflict));
  auto bad_role = person("c@example.com");
  bad_role.role = "root";
  BOOST_TEST(same(storage::create_user(*c, bad_role).get_status().error_code(), code::invalid));
  storage::user_changes deactivate;
  deactivate.is_active = false;
  auto off = storage::update_user(*c, a.id, deactivate);
  BOOST_REQUIRE(off.is_ok());
  BOOST_TEST(!off->is_active);
}

BOOST_AUTO_TEST_CASE(malformed_ids_are_not_found_never_sql_errors) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  for (const std::string id : {"", "not-a-uuid", "123e4567e89b12d3a456426614174000", "1' OR '1'='1"}) {
    BOOST_TEST(same(storage::get_user_by_id(*c, id).get_status().error_code(), code::not_found), id);
    BOOST_TEST(same(storage::update_user(*c, id, {}).get_status().error_code(), code::not_found), id);
    BOOST_TEST(same(storage::delete_user(*c, id).error_code(), code::not_found), id);
  }
  BOOST_TEST(same(storage::get_user_by_id(*c, "123e4567-e89b-12d3-a456-426614174000").get_status().error_code(),
                  code::not_found));
  BOOST_TEST(same(storage::get_user_by_email(*c, "nobody@example.com").get_status().error_code(), code::not_found));
}

BOOST_AUTO_TEST_CASE(keyset_pages_neither_repeat_nor_skip_under_inserts) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  std::vector<std::string> expected;  // newest first
  for (int i = 0; i < 12; ++i)
    expected.insert(expected.begin(), must_create(*c, "u" + std::to_string(i) + "@example.com").id);
  // Five users in one transaction share created_at: the id breaks the tie.
  BOOST_REQUIRE(c->exec_script("BEGIN").is_ok());
  std::vector<storage::user> same_instant;
  for (int i = 0; i < 5; ++i)
    same_instant.push_back(must_create(*c, "t" + std::to_string(i) + "@example.com"));
  BOOST_REQUIRE(c->exec_script("COMMIT").is_ok());
  BOOST_TEST(same_instant.front().created_at_us == same_instant.back().created_at_us);
  std::sort(same_instant.begin(), same_instant.end(), [](const auto& x, const auto& y) { return x.id > y.id; });
  for (auto it = same_instant.rbegin(); it != same_instant.rend(); ++it)
    expected.insert(expected.begin(), it->id);

  std::vector<std::string> seen;
  std::optional<storage::user_cursor> cursor;
  int pages = 0, inserted = 0;
  do {
    auto page = storage::list_users(*c, cursor, 4);
    BOOST_REQUIRE_MESSAGE(page.is_ok(), page.get_status().to_string());
    for (const auto& u : page->items)
      seen.push_back(u.id);
    cursor = page->next;
    ++pages;
    must_create(*c, "late" + std::to_string(inserted++) + "@example.com");  // newer than any page
  } while (cursor && pages < 20);
  BOOST_TEST(pages == 5);  // 17 users, 4 per page
  BOOST_TEST(seen == expected, "pages must list exactly the users that existed, in order");
  BOOST_TEST(std::set<std::string>(seen.begin(), seen.end()).size() == seen.size());

  auto filtered = storage::list_users(*c, std::nullopt, 10, std::string("U3@example.com"));
  BOOST_REQUIRE(filtered.is_ok());
  BOOST_REQUIRE_EQUAL(filtered->items.size(), 1u);
  BOOST_TEST(filtered->items[0].email == "u3@example.com");
  BOOST_TEST(!filtered->next.has_value());
  BOOST_TEST(same(storage::list_users(*c, std::nullopt, 0).get_status().error_code(), code::invalid));
  BOOST_TEST(same(storage::list_users(*c, storage::user_cursor{1, "junk"}, 5).get_status().error_code(),
                  code::invalid));
}

BOOST_AUTO_TEST_SUITE_END()
