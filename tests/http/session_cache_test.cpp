#include <boost/test/unit_test.hpp>

#include <thread>

#include "http/session_cache.hpp"

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(session_cache)

BOOST_AUTO_TEST_CASE(fresh_entries_expire_into_stale_ones_and_stale_ones_end_with_the_session) {
  http::session_cache cache(50ms);
  const int64_t now = 1'000'000;
  cache.remember("h1", {"u1", "user", "s1", now + 10'000'000});
  BOOST_TEST(cache.fresh("h1", now)->user_id == "u1");
  std::this_thread::sleep_for(80ms);
  BOOST_TEST(!cache.fresh("h1", now).has_value());
  BOOST_TEST(cache.stale("h1", now)->session_id == "s1");
  BOOST_TEST(!cache.stale("h1", now + 10'000'000).has_value());  // the session itself expired
  BOOST_TEST(!cache.fresh("unknown", now).has_value());
}

BOOST_AUTO_TEST_CASE(forgetting_by_token_and_by_user) {
  http::session_cache cache;
  cache.remember("a", {"u1", "user", "s1", 100});
  cache.remember("b", {"u1", "user", "s2", 100});
  cache.remember("c", {"u2", "admin", "s3", 100});
  cache.forget("a");
  BOOST_TEST(!cache.stale("a", 0).has_value());
  cache.forget_user("u1");
  BOOST_TEST(!cache.stale("b", 0).has_value());
  BOOST_TEST(cache.stale("c", 0)->role == "admin");
}

BOOST_AUTO_TEST_CASE(the_cache_is_bounded) {
  http::session_cache cache(10s, 3);
  for (int i = 0; i < 3; ++i)
    cache.remember("t" + std::to_string(i), {"u", "user", "s", 100});
  cache.remember("t3", {"u", "user", "s", 100});  // over the bound: emptied, then stored
  BOOST_TEST(!cache.stale("t0", 0).has_value());
  BOOST_TEST(cache.stale("t3", 0).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
