#include <boost/test/unit_test.hpp>

#include "storage/common/time_format.hpp"
#include "storage/crypto/digest.hpp"
#include "storage/postgres/pg_migration_files.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/pg_scratch.hpp"

using storage::code;

namespace {

bool same(code a, code b) { return a == b; }

constexpr std::int64_t hour_us = 3600LL * 1000000;

std::string user_id(storage::pg_connection& c, const std::string& email) {
  auto u = storage::create_user(c, {email, "hash", "Someone", "user", true});
  BOOST_REQUIRE_MESSAGE(u.is_ok(), u.get_status().to_string());
  return u->id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_store)

BOOST_AUTO_TEST_CASE(create_find_list_revoke) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  const auto uid = user_id(*c, "s@example.com");
  const auto hash = storage::sha256_hex("token-1");
  const auto expires = storage::now_micros() + hour_us;
  auto created = storage::create_session(*c, uid, hash, expires);
  BOOST_REQUIRE_MESSAGE(created.is_ok(), created.get_status().to_string());
  BOOST_TEST(created->user_id == uid);
  BOOST_TEST(created->token_hash == hash);
  BOOST_TEST(created->expires_at_us == expires);  // microseconds survive the round trip exactly
  BOOST_TEST(created->created_at_us > 0);

  auto found = storage::find_session_by_token_hash(*c, hash);
  BOOST_REQUIRE(found.is_ok());
  BOOST_TEST(found->id == created->id);
  std::string upper = hash;
  for (auto& ch : upper)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  BOOST_TEST(storage::find_session_by_token_hash(*c, upper).is_ok());  // hex is case-blind
  BOOST_TEST(same(storage::create_session(*c, uid, hash, expires).get_status().error_code(), code::conflict));

  auto second = storage::create_session(*c, uid, storage::sha256_hex("token-2"), expires);
  BOOST_REQUIRE(second.is_ok());
  auto active = storage::list_active_sessions(*c, uid);
  BOOST_REQUIRE(active.is_ok());
  BOOST_REQUIRE_EQUAL(active->size(), 2u);
  BOOST_TEST(active.value()[0].id == second->id);  // newest first

  BOOST_TEST(storage::revoke_session(*c, created->id).is_ok());
  BOOST_TEST(same(storage::find_session_by_token_hash(*c, hash).get_status().error_code(), code::not_found));
  BOOST_TEST(same(storage::revoke_session(*c, created->id).error_code(), code::not_found));
  BOOST_TEST(storage::revoke_session_by_token_hash(*c, storage::sha256_hex("token-2")).is_ok());
  BOOST_TEST(same(storage::revoke_session_by_token_hash(*c, storage::sha256_hex("token-2")).error_code(),
                  code::not_found));
  BOOST_TEST(storage::list_active_sessions(*c, uid)->empty());
}

BOOST_AUTO_TEST_CASE(expired_sessions_are_invisible_and_purged) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  const auto uid = user_id(*c, "e@example.com");
  const auto now = storage::now_micros();
  BOOST_REQUIRE(storage::create_session(*c, uid, storage::sha256_hex("old-1"), now - hour_us).is_ok());
  BOOST_REQUIRE(storage::create_session(*c, uid, storage::sha256_hex("old-2"), now - 1000).is_ok());
  BOOST_REQUIRE(storage::create_session(*c, uid, storage::sha256_hex("live"), now + hour_us).is_ok());
  BOOST_TEST(same(storage::find_session_by_token_hash(*c, storage::sha256_hex("old-1")).get_status().error_code(),
                  code::not_found));
  BOOST_TEST(storage::list_active_sessions(*c, uid)->size() == 1u);
  auto purged = storage::purge_expired_sessions(*c);
  BOOST_REQUIRE(purged.is_ok());
  BOOST_TEST(purged.value() == 2);
  BOOST_TEST(storage::purge_expired_sessions(*c).value() == 0);
  BOOST_TEST(storage::find_session_by_token_hash(*c, storage::sha256_hex("live")).is_ok());
}

BOOST_AUTO_TEST_CASE(bad_input_and_missing_users) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  const auto expires = storage::now_micros() + hour_us;
  const auto hash = storage::sha256_hex("t");
  auto ghost = storage::create_session(*c, "123e4567-e89b-12d3-a456-426614174000", hash, expires);
  BOOST_TEST(same(ghost.get_status().error_code(), code::not_found), ghost.get_status().to_string());
  BOOST_TEST(same(storage::create_session(*c, "nope", hash, expires).get_status().error_code(), code::not_found));
  const auto uid = user_id(*c, "x@example.com");
  BOOST_TEST(same(storage::create_session(*c, uid, "abc", expires).get_status().error_code(), code::invalid));
  BOOST_TEST(same(storage::find_session_by_token_hash(*c, "abc").get_status().error_code(), code::not_found));
  BOOST_TEST(same(storage::revoke_session(*c, "nope").error_code(), code::not_found));
  BOOST_TEST(storage::list_active_sessions(*c, "nope")->empty());
  BOOST_TEST(same(storage::list_active_sessions(*c, uid, 0).get_status().error_code(), code::invalid));
}

BOOST_AUTO_TEST_CASE(deleting_the_user_deletes_its_sessions) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  const auto uid = user_id(*c, "d@example.com");
  const auto hash = storage::sha256_hex("t");
  BOOST_REQUIRE(storage::create_session(*c, uid, hash, storage::now_micros() + hour_us).is_ok());
  BOOST_REQUIRE(storage::delete_user(*c, uid).is_ok());
  BOOST_TEST(same(storage::find_session_by_token_hash(*c, hash).get_status().error_code(), code::not_found));
}

BOOST_AUTO_TEST_SUITE_END()
