// The profile_cleanup actor on a real PostgreSQL pool (scratch schema) with a stand-in for the
// profile repository whose purge succeeds, fails, or never answers, as each test needs; the
// retry policy as a pure function. The real MongoDB path is covered end to end in
// tests/http/users_e2etest.cpp. The periodic tick is an hour here: a case makes a row due in
// the table and asks for a pass (purge_atom, answered when the pass ends), so nothing is
// polled; the tick's timing runs on CAF's deterministic scheduler (profile_cleanup_actortest).
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <mutex>

#include "actors/errors.hpp"
#include "actors/pg_pool.hpp"
#include "actors/profile_cleanup.hpp"
#include "storage/postgres/profile_cleanup_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/actor_fixture.hpp"
#include "support/pg_scratch.hpp"

using namespace std::chrono_literals;
using namespace actors;
using storage::code;
using test_env::ask;

namespace {

enum class purge_mode { succeed, unavailable, silent };

// What the stand-in profile repository does and has been asked.
struct fake_profiles {
  std::atomic<purge_mode> mode{purge_mode::succeed};
  std::mutex mutex;
  std::vector<std::string> purged;              // user ids, in order of the calls
  std::vector<caf::response_promise> unanswered;  // kept, so that they are never delivered

  size_t calls() {
    std::lock_guard<std::mutex> lock(mutex);
    return purged.size();
  }
  std::string last() {
    std::lock_guard<std::mutex> lock(mutex);
    return purged.empty() ? std::string() : purged.back();
  }
};

profile_purger_actor::behavior_type fake_profile_repository(profile_purger_actor::pointer self,
                                                            std::shared_ptr<fake_profiles> f) {
  return {
      [self, f](purge_atom, const std::string& user_id) -> caf::result<ok_atom> {
        {
          std::lock_guard<std::mutex> lock(f->mutex);
          f->purged.push_back(user_id);
        }
        switch (f->mode.load()) {
          case purge_mode::succeed:
            return ok_atom::value;
          case purge_mode::unavailable:
            return to_error(storage::status::unavailable("mongodb is down"));
          case purge_mode::silent:
            break;
        }
        auto rp = self->make_response_promise<ok_atom>();
        f->unanswered.push_back(rp);  // never delivered: the caller times out
        return rp;
      },
  };
}

struct cleanup_fixture : test_env::actor_fixture {
  pg_test::scratch_schema schema;
  std::unique_ptr<storage::pg_connection> c = schema.connect();
  std::shared_ptr<fake_profiles> profiles = std::make_shared<fake_profiles>();
  actors::pg_pool_actor pool;
  caf::actor cleanup;
  profile_purger_actor fake;
  cleanup_settings settings{.tick = 3600000ms, .batch = 10, .purge_wait = 300ms, .pass_wait = 300ms,
                            .backoff_cap = 7200000ms};

  cleanup_fixture() {
    pool = spawn_pg_pool(sys, schema.pool_settings(2, 0));
    fake = sys.spawn(fake_profile_repository, profiles);
  }
  ~cleanup_fixture() {
    for (const auto& a : {cleanup, caf::actor_cast<caf::actor>(fake), caf::actor_cast<caf::actor>(pool)})
      if (a)
        self->send_exit(a, caf::exit_reason::user_shutdown);
  }

  void start(cleanup_settings s) { cleanup = sys.spawn(profile_cleanup, pg_route{pool, 3000ms}, fake, s); }

  std::string make_user(const std::string& email) {
    auto u = storage::create_user(*c, {email, "hash", "Someone", "user", true});
    BOOST_REQUIRE_MESSAGE(u.is_ok(), u.get_status().to_string());
    return u->id;
  }

  storage::result<ok_atom> delete_user(const std::string& id) {
    return ask<ok_atom>(self, cleanup, 5s, delete_atom::value, id);
  }

  std::optional<storage::pending_profile_deletion> pending(const std::string& id) {
    auto r = storage::find_profile_deletion(*c, id);
    if (!r.is_ok()) {
      BOOST_REQUIRE(r.get_status().error_code() == code::not_found);
      return std::nullopt;
    }
    return r.value();
  }

  // Makes `id`'s queued row due now (its next attempt was set by the hour-long tick).
  void make_due(const std::string& id) {
    const storage::pg_statement due{"cleanup_test_due",
                                    "UPDATE pending_profile_deletions SET next_attempt_at = clock_timestamp() "
                                    "WHERE user_id = $1::uuid", 1};
    auto r = c->exec(due, {id});
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  }

  // One pass, waited for (the actor answers when it ends).
  void run_pass() {
    auto r = ask<ok_atom>(self, cleanup, 10s, purge_atom::value);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(profile_cleanup_actor, cleanup_fixture)

BOOST_AUTO_TEST_CASE(with_mongodb_up_the_user_and_profile_go_and_nothing_stays_queued) {
  start(settings);
  const auto id = make_user("up@example.com");
  auto r = delete_user(id);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  BOOST_TEST((storage::get_user_by_id(*c, id).get_status().error_code() == code::not_found));
  BOOST_TEST(!pending(id));  // finished before the answer
  BOOST_TEST(profiles->calls() == 1u);
  BOOST_TEST(profiles->last() == id);
}

BOOST_AUTO_TEST_CASE(an_unknown_user_is_not_found_and_mongodb_is_not_asked) {
  start(settings);
  BOOST_TEST((delete_user("00000000-0000-4000-8000-000000000000").get_status().error_code() == code::not_found));
  BOOST_TEST((delete_user("nope").get_status().error_code() == code::not_found));
  BOOST_TEST(profiles->calls() == 0u);
}

BOOST_AUTO_TEST_CASE(with_mongodb_down_the_user_goes_and_the_pass_finishes_the_profile_later) {
  profiles->mode = purge_mode::unavailable;
  start(settings);
  const auto id = make_user("down@example.com");
  BOOST_REQUIRE(delete_user(id).is_ok());  // the store being down does not fail the deletion
  BOOST_TEST((storage::get_user_by_id(*c, id).get_status().error_code() == code::not_found));
  auto row = pending(id);
  BOOST_REQUIRE(row);
  BOOST_TEST(row->attempts == 1);
  BOOST_TEST(row->last_error.value_or("").find("unavailable") != std::string::npos);
  BOOST_TEST(profiles->calls() == 1u);

  run_pass();  // not due yet: nothing is tried
  BOOST_TEST(profiles->calls() == 1u);
  make_due(id);
  run_pass();  // MongoDB still down: tried once more, kept, and the pass stops there
  BOOST_TEST(profiles->calls() == 2u);
  row = pending(id);
  BOOST_REQUIRE(row);
  BOOST_TEST(row->attempts == 2);

  profiles->mode = purge_mode::succeed;
  make_due(id);
  run_pass();
  BOOST_TEST(!pending(id));
  BOOST_TEST(profiles->calls() == 3u);
  BOOST_TEST(profiles->last() == id);
}

BOOST_AUTO_TEST_CASE(a_purge_that_never_answers_does_not_hold_up_the_deletion) {
  profiles->mode = purge_mode::silent;
  start(settings);
  const auto id = make_user("slow@example.com");
  const auto started = std::chrono::steady_clock::now();
  BOOST_REQUIRE(delete_user(id).is_ok());
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));  // purge_wait is 300 ms
  auto row = pending(id);
  BOOST_REQUIRE(row);
  BOOST_TEST(row->attempts == 1);
  profiles->mode = purge_mode::succeed;
  make_due(id);
  run_pass();
  BOOST_TEST(!pending(id));
}

BOOST_AUTO_TEST_CASE(rows_left_by_an_earlier_process_are_finished_by_the_pass) {
  profiles->mode = purge_mode::succeed;
  std::vector<std::string> ids;
  for (int i = 0; i < 15; ++i) {  // more than one batch (10)
    ids.push_back(make_user("left" + std::to_string(i) + "@example.com"));
    BOOST_REQUIRE(storage::delete_user_and_queue_profile(*c, ids.back(), 0ms).is_ok());
  }
  start(settings);
  run_pass();
  int left = 0;
  for (const auto& id : ids)
    left += pending(id).has_value();
  BOOST_TEST(left == 5, "one pass takes a batch of 10");
  run_pass();
  for (const auto& id : ids)
    BOOST_TEST(!pending(id), id);
  BOOST_TEST(profiles->calls() == ids.size());
}

BOOST_AUTO_TEST_CASE(retry_delay_backs_off_per_row_but_not_for_a_store_in_trouble) {
  const cleanup_settings s{.tick = 5000ms, .batch = 50, .purge_wait = 2000ms, .pass_wait = 10000ms, .backoff_cap = 60000ms};
  BOOST_TEST(cleanup_retry_delay(s, 1, code::internal).count() == 5000);
  BOOST_TEST(cleanup_retry_delay(s, 2, code::internal).count() == 10000);
  BOOST_TEST(cleanup_retry_delay(s, 4, code::invalid).count() == 40000);
  BOOST_TEST(cleanup_retry_delay(s, 5, code::internal).count() == 60000);  // capped
  BOOST_TEST(cleanup_retry_delay(s, 1000, code::internal).count() == 60000);
  BOOST_TEST(cleanup_retry_delay(s, 0, code::internal).count() == 5000);
  for (auto c : {code::unavailable, code::timeout, code::overloaded})
    BOOST_TEST(cleanup_retry_delay(s, 30, c).count() == 5000);
}

BOOST_AUTO_TEST_SUITE_END()
