// The session cache as pure logic: time comes from a fake steady clock, so no test sleeps.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "http/auth/session_cache.hpp"

using namespace std::chrono_literals;
using http::session_cache;

namespace {

// The fake steady clock every cache in this file reads.
session_cache::clock::time_point fake_now{};
session_cache::clock::time_point read_fake_now() { return fake_now; }

session_cache make_cache(http::session_cache_settings s = {}) { return session_cache(s, &read_fake_now); }

http::session_cache_settings timings(std::chrono::milliseconds fresh, std::chrono::milliseconds stale) {
  http::session_cache_settings s;
  s.fresh_for = fresh;
  s.stale_for = stale;
  return s;
}

const int64_t wall_now = 1'000'000;                  // µs, the sessions' own clock
const int64_t expires = wall_now + 3600'000'000LL;   // an hour later

}  // namespace

BOOST_AUTO_TEST_SUITE(session_cache_rules)

BOOST_AUTO_TEST_CASE(fresh_then_stale_then_gone_and_never_past_the_sessions_expiry) {
  auto cache = make_cache(timings(10s, 60s));
  cache.remember("h1", {"u1", "user", "s1", expires}, cache.begin());
  BOOST_TEST(cache.fresh("h1", wall_now)->user_id == "u1");
  fake_now += 11s;
  BOOST_TEST(!cache.fresh("h1", wall_now).has_value(), "past fresh_for it must be validated again");
  BOOST_TEST(cache.stale("h1", wall_now)->session_id == "s1", "within stale_for it counts while the store fails");
  fake_now += 50s;  // 61 s after validation
  BOOST_TEST(!cache.stale("h1", wall_now).has_value(), "stale-if-error is bounded by stale_for, not the expiry");
  cache.remember("h2", {"u1", "user", "s2", wall_now + 5}, cache.begin());
  BOOST_TEST(!cache.fresh("h2", wall_now + 5).has_value(), "an expired session is never fresh");
  BOOST_TEST(!cache.stale("h2", wall_now + 5).has_value(), "nor stale");
  BOOST_TEST(!cache.fresh("unknown", wall_now).has_value());
}

BOOST_AUTO_TEST_CASE(forgetting_by_token_and_by_user) {
  auto cache = make_cache();
  cache.remember("a", {"u1", "user", "s1", expires}, cache.begin());
  cache.remember("b", {"u1", "user", "s2", expires}, cache.begin());
  cache.remember("c", {"u2", "admin", "s3", expires}, cache.begin());
  cache.forget("a");
  BOOST_TEST(!cache.stale("a", wall_now).has_value());
  BOOST_TEST(cache.stale("b", wall_now).has_value());
  cache.forget_user("u1");
  BOOST_TEST(!cache.stale("b", wall_now).has_value());
  BOOST_TEST(cache.stale("c", wall_now)->role == "admin");
}

BOOST_AUTO_TEST_CASE(a_validation_in_flight_during_a_revocation_is_not_cached) {
  auto cache = make_cache();
  const auto before_logout = cache.begin();  // a validation starts and reads the session
  cache.forget("t");                          // logout completes meanwhile
  cache.remember("t", {"u1", "user", "s1", expires}, before_logout);
  BOOST_TEST(!cache.stale("t", wall_now).has_value(), "the late answer must not bring the token back");
  cache.remember("t", {"u1", "user", "s1", expires}, cache.begin());
  BOOST_TEST(cache.fresh("t", wall_now).has_value(), "a validation that starts after it is cached");
  const auto before_deactivation = cache.begin();
  cache.forget_user("u9");  // any user's revocation: tickets are not per user
  cache.remember("x", {"u1", "user", "s2", expires}, before_deactivation);
  BOOST_TEST(!cache.fresh("x", wall_now).has_value());
}

BOOST_AUTO_TEST_CASE(no_interleaving_of_validations_and_a_logout_re_caches_the_token) {
  // Many threads validate the same token while one revokes it, in the service's order: the
  // store forgets the session first (`revoked`), then the cache (forget). A validation takes
  // its ticket, then reads the store (here: the flag), then remembers. After the revocation
  // has returned, no remember() may leave an entry.
  for (int round = 0; round < 50; ++round) {
    auto cache = make_cache();
    std::atomic<bool> revoked{false};
    std::atomic<int> started{0};
    std::vector<std::thread> validators;
    for (int i = 0; i < 8; ++i)
      validators.emplace_back([&] {
        ++started;
        for (int k = 0; k < 200; ++k) {
          const auto t = cache.begin();
          if (revoked)  // the store already says "gone": a real validation would not remember
            break;
          cache.remember("tok", {"u1", "user", "s1", expires}, t);
        }
      });
    while (started < 8) {
    }
    revoked = true;
    cache.forget("tok");
    for (auto& v : validators)
      v.join();
    BOOST_TEST_REQUIRE(!cache.stale("tok", wall_now).has_value(), "round " << round);
  }
}

BOOST_AUTO_TEST_CASE(unknown_tokens_are_remembered_in_a_fixed_table) {
  http::session_cache_settings s;
  s.unknown_for = 30s;
  s.unknown_slots = 4;
  auto cache = make_cache(s);
  cache.remember("k", {"u1", "user", "s1", expires}, cache.begin());
  cache.remember_unknown("k");
  BOOST_TEST(cache.known_unknown("k"));
  BOOST_TEST(!cache.stale("k", wall_now).has_value(), "a token the store denies loses its entry");
  BOOST_TEST(!cache.known_unknown("other"));
  fake_now += 31s;
  BOOST_TEST(!cache.known_unknown("k"), "entries expire");
  for (int i = 0; i < 1000; ++i)  // a flood of distinct tokens only overwrites the 4 slots
    cache.remember_unknown("flood" + std::to_string(i));
  BOOST_TEST(cache.known_unknown("flood999"));
}

BOOST_AUTO_TEST_CASE(the_cache_is_bounded) {
  http::session_cache_settings s;
  s.max_entries = 3;
  auto cache = make_cache(s);
  for (int i = 0; i < 3; ++i)
    cache.remember("t" + std::to_string(i), {"u", "user", "s", expires}, cache.begin());
  cache.remember("t3", {"u", "user", "s", expires}, cache.begin());  // over the bound: emptied, then stored
  BOOST_TEST(!cache.stale("t0", wall_now).has_value());
  BOOST_TEST(cache.stale("t3", wall_now).has_value());
}

BOOST_AUTO_TEST_CASE(while_revocations_cannot_be_heard_nothing_is_fresh_and_stale_entries_still_serve) {
  auto cache = make_cache(timings(10s, 60s));
  cache.remember("tok", {"u1", "user", "s1", expires}, cache.begin());
  BOOST_TEST(cache.fresh("tok", wall_now).has_value());

  cache.set_trusted(false);  // the listener lost its connection
  BOOST_TEST(!cache.fresh("tok", wall_now).has_value());
  BOOST_TEST(cache.stale("tok", wall_now).has_value());  // PostgreSQL failing: still honoured
  const auto during = cache.begin();

  fake_now += 1s;
  cache.set_trusted(true);  // back: a revocation may have been missed
  BOOST_TEST(!cache.fresh("tok", wall_now).has_value());  // validated again before it is fresh
  BOOST_TEST(cache.stale("tok", wall_now)->user_id == "u1");  // the pool may still be reconnecting
  cache.remember("tok", {"u1", "user", "s1", expires}, during);  // began while deaf: not cached
  BOOST_TEST(!cache.fresh("tok", wall_now).has_value());
  cache.remember("tok", {"u1", "user", "s1", expires}, cache.begin());
  BOOST_TEST(cache.fresh("tok", wall_now)->session_id == "s1");

  fake_now += 61s;  // the stale bound still holds for entries nobody validated again
  cache.set_trusted(false);
  cache.set_trusted(true);
  BOOST_TEST(!cache.stale("tok", wall_now).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
