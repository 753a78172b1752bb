// The profile cleanup on CAF's deterministic scheduler, with a fake PostgreSQL pool and a fake
// profile repository: a deletion message by message, the store's errors, a purge that never
// answers (cut at purge_wait exactly), one pass per tick and never two at once. Its SQL (the
// queue, the claims with a lease) is tested against PostgreSQL in profile_cleanup_pgtest.cpp.
#include <string>

#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"
#include "actors/profile_cleanup.hpp"
#include "support/fake_actors.hpp"
#include "support/actor_harness.hpp"

using namespace std::chrono_literals;
using namespace actors;
using storage::code;

namespace {

struct cleanup_fixture : test_env::actor_harness {
  test_env::fake_pool pool;
  test_env::fake_purger purger;
  test_env::fake_pool_actor pg = own(pool.spawn(sys));
  profile_purger_actor profiles = own(purger.spawn_profiles(sys));
  cleanup_settings settings{.tick = 5000ms, .batch = 50, .purge_wait = 2000ms, .pass_wait = 10000ms,
                            .backoff_cap = 300000ms};
  caf::actor cleanup = own(sys.spawn(profile_cleanup, pg_route{pg, 3000ms}, profiles, settings));

  cleanup_fixture() { sched.run(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(profile_cleanup_fakes, cleanup_fixture)

BOOST_AUTO_TEST_CASE(a_deletion_deletes_and_queues_then_purges_then_finishes_the_row) {
  auto r = ask<ok_atom>(cleanup, delete_atom::value, std::string("u1"));
  expect((delete_atom, std::string), from(r.client()).to(cleanup).with(_, "u1"));
  expect((pg_request), from(cleanup).to(pg));  // the user and the queued row, one transaction
  expect((ok_atom), from(pg).to(cleanup));
  expect((purge_atom, std::string), from(cleanup).to(profiles).with(_, "u1"));
  expect((ok_atom), from(profiles).to(cleanup));
  expect((pg_request), from(cleanup).to(pg));  // the row goes
  expect((ok_atom), from(pg).to(cleanup));
  expect((ok_atom), from(cleanup).to(r.client()));
  BOOST_TEST(r.ok());
  BOOST_TEST(pool.requests() == 2);
  BOOST_TEST(pool.last().idempotent, "finishing the row may be retried");
}

BOOST_AUTO_TEST_CASE(an_unknown_user_is_not_found_and_mongodb_is_not_asked) {
  pool.answer_with(storage::status::not_found("no such user"));
  auto r = call<ok_atom>(cleanup, delete_atom::value, std::string("nope"));
  BOOST_TEST((r.get_status().error_code() == code::not_found), r.get_status().to_string());
  BOOST_TEST(purger.purges() == 0);
  BOOST_TEST(pool.requests() == 1);
}

BOOST_AUTO_TEST_CASE(with_mongodb_down_the_deletion_still_succeeds_and_the_failure_is_recorded) {
  purger.answer(storage::status::unavailable("mongodb is down"));
  auto r = call<ok_atom>(cleanup, delete_atom::value, std::string("u1"));
  BOOST_TEST(r.is_ok(), r.get_status().to_string());
  BOOST_TEST(purger.purges() == 1);
  BOOST_TEST(pool.requests() == 2, "delete + queue, then the failure recorded on the row");
  BOOST_TEST(!pool.last().idempotent);
}

BOOST_AUTO_TEST_CASE(a_purge_that_never_answers_is_cut_at_purge_wait_exactly) {
  purger.silent(true);
  auto r = ask<ok_atom>(cleanup, delete_atom::value, std::string("u1"));
  sched.run();
  BOOST_TEST(purger.purges() == 1);
  advance(1999ms);
  BOOST_TEST(!r.arrived());
  advance(1ms);
  BOOST_TEST(r.ok(), r.status().to_string());
  BOOST_TEST(pool.requests() == 2, "the timeout recorded on the row");
}

BOOST_AUTO_TEST_CASE(one_pass_per_tick_and_never_two_at_once) {
  // A cleanup of its own whose tick (1 s) is shorter than a claim's wait (the 3 s budget + 0.5 s).
  test_env::fake_pool pool2;
  auto pg2 = own(pool2.spawn(sys));
  auto s = settings;
  s.tick = 1000ms;
  own(sys.spawn(profile_cleanup, pg_route{pg2, 3000ms}, profiles, s));
  sched.run();
  pool2.hold(true);
  advance(999ms);
  BOOST_TEST(pool2.requests() == 0);
  advance(1ms);
  BOOST_TEST(pool2.requests() == 1, "the tick's pass claims a row");
  advance(1000ms);
  advance(1000ms);
  advance(1000ms);
  BOOST_TEST(pool2.requests() == 1, "the ticks at 2, 3 and 4 s find the pass still running");
  advance(500ms);  // 4.5 s: 3.5 s after the claim its wait ends, and so does the pass
  BOOST_TEST(pool2.requests() == 1);
  advance(500ms);  // the tick at 5 s
  BOOST_TEST(pool2.requests() == 2);
  pool2.release();
  sched.run();
}

BOOST_AUTO_TEST_CASE(a_pass_asked_for_is_answered_when_it_ends) {
  pool.hold(true);
  auto first = ask<ok_atom>(cleanup, purge_atom::value);
  sched.run();
  BOOST_TEST(pool.requests() == 1, "the pass claims a row");
  auto second = ask<ok_atom>(cleanup, purge_atom::value);  // joins the running pass
  sched.run();
  BOOST_TEST(pool.requests() == 1);
  BOOST_TEST(!first.arrived());
  BOOST_TEST(!second.arrived());
  pool.release();
  sched.run();  // the claim answers without rows: the pass ends
  BOOST_TEST(first.ok());
  BOOST_TEST(second.ok());
}

BOOST_AUTO_TEST_SUITE_END()
