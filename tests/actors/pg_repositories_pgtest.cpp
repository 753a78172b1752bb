// The PostgreSQL repository actors driven through their messages, on a pool, against a
// migrated scratch schema of the real server.
#include <boost/test/unit_test.hpp>

#include "actors/config_repository.hpp"
#include "actors/pg_pool.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "storage/common/time_format.hpp"
#include "support/actor_fixture.hpp"
#include "support/pg_scratch.hpp"

using namespace std::chrono_literals;
using namespace actors;
using storage::code;
using test_env::ask;

namespace {

struct repo_fixture : test_env::actor_fixture {
  pg_test::scratch_schema schema;
  actors::pg_pool_actor pool;
  user_repository_actor users;
  session_repository_actor sessions;
  config_repository_actor configs;

  repo_fixture() {
    pool = spawn_pg_pool(sys, schema.pool_settings(2, 2));
    pg_route route{pool, 3000ms};
    users = sys.spawn(user_repository, route);
    sessions = sys.spawn(session_repository, route);
    configs = sys.spawn(config_repository, route);
  }
  ~repo_fixture() {
    self->send_exit(users, caf::exit_reason::user_shutdown);
    self->send_exit(sessions, caf::exit_reason::user_shutdown);
    self->send_exit(configs, caf::exit_reason::user_shutdown);
    self->send_exit(pool, caf::exit_reason::user_shutdown);
  }

  storage::user make_user(const std::string& email) {
    auto r = ask<storage::user>(self, users, 5s, create_atom::value,
                                storage::new_user{email, "$argon2id$fake", "Test User", "user", true});
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(pg_repositories, repo_fixture)

BOOST_AUTO_TEST_CASE(users_round_trip_through_messages) {
  auto u = make_user("ada@example.com");
  BOOST_TEST(u.email == "ada@example.com");
  BOOST_TEST(u.role == "user");

  auto dup = ask<storage::user>(self, users, 5s, create_atom::value,
                                storage::new_user{"ADA@example.com", "h", "Other", "user", true});
  BOOST_TEST((dup.get_status().error_code() == code::conflict));

  auto got = ask<storage::user>(self, users, 5s, get_atom::value, u.id);
  BOOST_REQUIRE(got.is_ok());
  BOOST_TEST(got->email == u.email);
  BOOST_TEST((ask<storage::user>(self, users, 5s, get_atom::value, std::string("not-a-uuid")).get_status().error_code() ==
              code::not_found));
  BOOST_TEST(ask<storage::user>(self, users, 5s, by_email_atom::value, std::string("ada@example.com"))->id == u.id);

  storage::user_changes ch;
  ch.full_name = "Ada Lovelace";
  ch.role = "admin";
  auto upd = ask<storage::user>(self, users, 5s, update_atom::value, u.id, ch);
  BOOST_REQUIRE(upd.is_ok());
  BOOST_TEST(upd->full_name == "Ada Lovelace");
  BOOST_TEST(upd->role == "admin");
  BOOST_TEST(upd->updated_at_us >= u.updated_at_us);

  BOOST_TEST(ask<ok_atom>(self, users, 5s, delete_atom::value, u.id).is_ok());
  BOOST_TEST((ask<ok_atom>(self, users, 5s, delete_atom::value, u.id).get_status().error_code() == code::not_found));
}

BOOST_AUTO_TEST_CASE(user_pages_are_stable_while_users_are_added) {
  for (int i = 0; i < 5; ++i)
    make_user("p" + std::to_string(i) + "@example.com");
  auto first = ask<storage::user_page>(self, users, 5s, list_atom::value, user_list_query{std::nullopt, 2, std::nullopt});
  BOOST_REQUIRE(first.is_ok());
  BOOST_REQUIRE_EQUAL(first->items.size(), 2u);
  BOOST_REQUIRE(first->next.has_value());
  make_user("late@example.com");  // newer than everything: must not appear on later pages
  std::vector<std::string> seen;
  for (auto& u : first->items)
    seen.push_back(u.email);
  auto cursor = first->next;
  while (cursor) {
    auto page = ask<storage::user_page>(self, users, 5s, list_atom::value, user_list_query{cursor, 2, std::nullopt});
    BOOST_REQUIRE(page.is_ok());
    for (auto& u : page->items)
      seen.push_back(u.email);
    cursor = page->next;
  }
  std::vector<std::string> expected = {"p4@example.com", "p3@example.com", "p2@example.com", "p1@example.com",
                                       "p0@example.com"};
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
  auto filtered = ask<storage::user_page>(self, users, 5s, list_atom::value,
                                          user_list_query{std::nullopt, 10, std::string("p3@example.com")});
  BOOST_REQUIRE(filtered.is_ok());
  BOOST_REQUIRE_EQUAL(filtered->items.size(), 1u);
  BOOST_TEST(filtered->items[0].email == "p3@example.com");
}

BOOST_AUTO_TEST_CASE(sessions_are_created_found_listed_revoked_and_purged) {
  auto u = make_user("s@example.com");
  const std::string hash(64, 'a'), old_hash(64, 'b');
  const auto now = storage::now_micros();
  auto s = ask<storage::session>(self, sessions, 5s, create_atom::value, u.id, hash, int64_t{now + 3600'000'000LL});
  BOOST_REQUIRE_MESSAGE(s.is_ok(), s.get_status().to_string());
  auto expired = ask<storage::session>(self, sessions, 5s, create_atom::value, u.id, old_hash, int64_t{now - 1'000'000});
  BOOST_REQUIRE(expired.is_ok());

  BOOST_TEST(ask<storage::session>(self, sessions, 5s, find_atom::value, hash)->id == s->id);
  BOOST_TEST((ask<storage::session>(self, sessions, 5s, find_atom::value, old_hash).get_status().error_code() ==
              code::not_found));
  auto active = ask<std::vector<storage::session>>(self, sessions, 5s, list_atom::value, u.id);
  BOOST_REQUIRE(active.is_ok());
  BOOST_TEST(active->size() == 1u);
  BOOST_TEST(ask<int64_t>(self, sessions, 5s, purge_atom::value).value() == 1);
  BOOST_TEST(ask<ok_atom>(self, sessions, 5s, revoke_atom::value, s->id).is_ok());
  BOOST_TEST((ask<storage::session>(self, sessions, 5s, find_atom::value, hash).get_status().error_code() ==
              code::not_found));
  auto ghost = ask<storage::session>(self, sessions, 5s, create_atom::value,
                                     std::string("00000000-0000-0000-0000-000000000000"), hash, now + 1000);
  BOOST_TEST((ghost.get_status().error_code() == code::not_found));
}

BOOST_AUTO_TEST_CASE(configs_upsert_tells_created_from_updated) {
  auto created = ask<storage::config_upsert_result>(self, configs, 5s, upsert_atom::value,
                                                    config_put{"feature.x", R"({"on": true})", std::string("flag")});
  BOOST_REQUIRE_MESSAGE(created.is_ok(), created.get_status().to_string());
  BOOST_TEST(created->created);
  auto updated = ask<storage::config_upsert_result>(self, configs, 5s, upsert_atom::value,
                                                    config_put{"feature.x", "42", std::nullopt});
  BOOST_REQUIRE(updated.is_ok());
  BOOST_TEST(!updated->created);
  BOOST_TEST(updated->entry.value_json == "42");
  BOOST_TEST(updated->entry.description.value_or("") == "flag");
  auto got = ask<storage::config_entry>(self, configs, 5s, get_atom::value, std::string("feature.x"));
  BOOST_TEST(got->value_json == "42");
  auto page = ask<storage::config_page>(self, configs, 5s, list_atom::value, config_list_query{std::nullopt, 10});
  BOOST_REQUIRE(page.is_ok());
  BOOST_TEST(page->items.size() == 1u);
  BOOST_TEST(ask<ok_atom>(self, configs, 5s, delete_atom::value, std::string("feature.x")).is_ok());
  BOOST_TEST((ask<storage::config_entry>(self, configs, 5s, get_atom::value, std::string("feature.x"))
                  .get_status()
                  .error_code() == code::not_found));
  auto bad = ask<storage::config_upsert_result>(self, configs, 5s, upsert_atom::value,
                                                config_put{"Bad Key!", "1", std::nullopt});
  BOOST_TEST((bad.get_status().error_code() == code::invalid));
}

BOOST_AUTO_TEST_SUITE_END()
