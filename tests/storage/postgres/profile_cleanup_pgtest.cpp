// The PostgreSQL side of deleting a user across both stores (storage/postgres/profile_cleanup_store),
// against a migrated scratch schema of the real server.
#include <boost/test/unit_test.hpp>

#include <set>
#include <thread>

#include "storage/common/time_format.hpp"
#include "storage/crypto/session_token.hpp"
#include "storage/postgres/profile_cleanup_store.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/pg_scratch.hpp"

using namespace std::chrono_literals;
using storage::code;

namespace {

bool same(code a, code b) { return a == b; }

struct cleanup_fixture {
  pg_test::scratch_schema schema;
  std::unique_ptr<storage::pg_connection> c = schema.connect();

  // A user with one live session.
  std::string user_with_session(const std::string& email) {
    auto u = storage::create_user(*c, {email, "hash", "Someone", "user", true});
    BOOST_REQUIRE_MESSAGE(u.is_ok(), u.get_status().to_string());
    auto s = storage::create_session(*c, u->id, storage::token_hash_hex(storage::new_session_token()),
                                     storage::now_micros() + 3600LL * 1000000);
    BOOST_REQUIRE_MESSAGE(s.is_ok(), s.get_status().to_string());
    return u->id;
  }

  // Claims the due rows for an hour (nothing else in the test comes back to them).
  std::vector<storage::pending_profile_deletion> due(int limit = 100, std::chrono::milliseconds lease = 1h) {
    return claim(*c, limit, lease);
  }
  static std::vector<storage::pending_profile_deletion> claim(storage::pg_connection& conn, int limit,
                                                              std::chrono::milliseconds lease) {
    auto r = storage::claim_profile_deletions(conn, limit, lease);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(profile_cleanup_store, cleanup_fixture)

BOOST_AUTO_TEST_CASE(deleting_a_user_queues_its_profile_and_takes_its_sessions) {
  const auto id = user_with_session("gone@example.com");
  const auto before = storage::now_micros();
  BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, id, 0ms).is_ok());

  BOOST_TEST(same(storage::get_user_by_id(*c, id).get_status().error_code(), code::not_found));
  auto sessions = storage::list_active_sessions(*c, id);
  BOOST_REQUIRE(sessions.is_ok());
  BOOST_TEST(sessions->empty());  // FK cascade, in the same transaction

  auto row = storage::find_profile_deletion(*c, id);
  BOOST_REQUIRE_MESSAGE(row.is_ok(), row.get_status().to_string());
  BOOST_TEST(row->user_id == id);
  BOOST_TEST(row->attempts == 0);
  BOOST_TEST(!row->last_error);
  BOOST_TEST(row->requested_at_us >= before - 1000000);  // the server's clock, within a second
  const auto queued = due();
  BOOST_REQUIRE_EQUAL(queued.size(), 1u);
  BOOST_TEST(queued[0].user_id == id);
}

BOOST_AUTO_TEST_CASE(an_unknown_or_malformed_user_is_not_found_and_queues_nothing) {
  for (const char* id : {"00000000-0000-4000-8000-000000000000", "not-a-uuid", ""})
    BOOST_TEST(same(storage::delete_user_and_queue_profile(*c, id, 0ms).error_code(), code::not_found), id);
  BOOST_TEST(due().empty());
  BOOST_TEST(same(storage::find_profile_deletion(*c, "not-a-uuid").get_status().error_code(), code::not_found));
}

BOOST_AUTO_TEST_CASE(the_delete_and_the_queue_commit_together_or_not_at_all) {
  const auto id = user_with_session("kept@example.com");
  // Without the queue table the INSERT fails, and the DELETE of the same statement with it.
  BOOST_REQUIRE(c->exec_script("DROP TABLE pending_profile_deletions").is_ok());
  BOOST_TEST(!storage::delete_user_and_queue_profile(*c, id, 0ms).is_ok());
  BOOST_TEST(storage::get_user_by_id(*c, id).is_ok());
  auto sessions = storage::list_active_sessions(*c, id);
  BOOST_REQUIRE(sessions.is_ok());
  BOOST_TEST(sessions->size() == 1u);
}

BOOST_AUTO_TEST_CASE(rows_are_due_only_after_their_wait_oldest_due_first) {
  const auto later = user_with_session("later@example.com");
  const auto now = user_with_session("now@example.com");
  const auto soon = user_with_session("soon@example.com");
  BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, later, 1h).is_ok());
  BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, soon, 0ms).is_ok());
  BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, now, -1000ms).is_ok());
  const auto first = due(1);
  BOOST_REQUIRE_EQUAL(first.size(), 1u);
  BOOST_TEST(first[0].user_id == now);
  const auto rest = due();
  BOOST_REQUIRE_EQUAL(rest.size(), 1u);
  BOOST_TEST(rest[0].user_id == soon);
  BOOST_TEST(due().empty(), "claimed rows are not due again within their lease");
  for (int bad : {0, -1, 1001})
    BOOST_TEST(same(storage::claim_profile_deletions(*c, bad, 1h).get_status().error_code(), code::invalid), bad);
}

BOOST_AUTO_TEST_CASE(a_claim_whose_lease_ran_out_is_due_again_so_a_dead_instance_loses_nothing) {
  const auto id = user_with_session("orphan@example.com");
  BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, id, 0ms).is_ok());
  // An instance claims the row and dies: its lease (here already over) ends.
  BOOST_REQUIRE_EQUAL(due(10, -1000ms).size(), 1u);
  const auto again = due();
  BOOST_REQUIRE_EQUAL(again.size(), 1u);
  BOOST_TEST(again[0].user_id == id);
  BOOST_TEST(again[0].attempts == 0, "a claim is no attempt");
}

BOOST_AUTO_TEST_CASE(concurrent_claims_never_hand_out_a_row_twice) {
  std::set<std::string> queued;
  for (int i = 0; i < 30; ++i) {
    const auto id = user_with_session("claim" + std::to_string(i) + "@example.com");
    BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, id, -1000ms).is_ok());
    queued.insert(id);
  }
  // Four instances, each with its own connection, claim two rows at a time until none is left.
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> instances;
  for (int k = 0; k < 4; ++k)
    instances.emplace_back([&, k] {
      auto conn = schema.connect();
      for (;;) {
        auto r = storage::claim_profile_deletions(*conn, 2, 1h);
        if (!r.is_ok() || r->empty())
          return;
        for (const auto& row : r.value())
          got[k].push_back(row.user_id);
      }
    });
  for (auto& t : instances)
    t.join();
  std::vector<std::string> all;
  for (const auto& g : got)
    all.insert(all.end(), g.begin(), g.end());
  BOOST_TEST(all.size() == queued.size(), "claimed " << all.size() << " of " << queued.size());
  BOOST_TEST(std::set<std::string>(all.begin(), all.end()) == queued, "a row was claimed twice or never");
}

BOOST_AUTO_TEST_CASE(a_failure_is_counted_and_postpones_the_row_a_success_removes_it) {
  const auto id = user_with_session("retry@example.com");
  BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, id, 0ms).is_ok());

  BOOST_REQUIRE(storage::record_profile_deletion_failure(*c, id, "unavailable: mongodb down", 1h).is_ok());
  auto row = storage::find_profile_deletion(*c, id);
  BOOST_REQUIRE(row.is_ok());
  BOOST_TEST(row->attempts == 1);
  BOOST_TEST(row->last_error.value_or("") == "unavailable: mongodb down");
  BOOST_TEST(row->next_attempt_at_us > storage::now_micros() + 3500LL * 1000000);
  BOOST_TEST(due().empty());

  const std::string long_error(2000, 'e');
  BOOST_REQUIRE(storage::record_profile_deletion_failure(*c, id, long_error, 0ms).is_ok());
  row = storage::find_profile_deletion(*c, id);
  BOOST_REQUIRE(row.is_ok());
  BOOST_TEST(row->attempts == 2);
  BOOST_TEST(row->last_error.value_or("").size() == 500u);
  BOOST_TEST(due().size() == 1u);

  BOOST_REQUIRE(storage::finish_profile_deletion(*c, id).is_ok());
  BOOST_TEST(same(storage::find_profile_deletion(*c, id).get_status().error_code(), code::not_found));
  // Finishing or failing a row that is already gone is fine (another pass got there first).
  BOOST_TEST(storage::finish_profile_deletion(*c, id).is_ok());
  BOOST_TEST(storage::record_profile_deletion_failure(*c, id, "late", 0ms).is_ok());
  BOOST_TEST(storage::finish_profile_deletion(*c, "not-a-uuid").is_ok());
  BOOST_TEST(due().empty());
}

BOOST_AUTO_TEST_SUITE_END()
