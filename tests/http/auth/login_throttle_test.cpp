// The login throttle as pure logic, with time passed in.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "http/auth/login_throttle.hpp"

using namespace std::chrono_literals;
using http::login_throttle;

namespace {

const login_throttle::clock::time_point t0{std::chrono::hours(1)};

login_throttle::settings rules(int free, std::chrono::seconds first, std::chrono::seconds cap,
                               std::chrono::seconds window, size_t slots = 1024) {
  return {free, first, cap, window, slots};
}

// An attempt that fails: admitted (and so counted) or refused.
int fail_once(login_throttle& t, const std::string& email, login_throttle::clock::time_point at) {
  return t.admit(email, at);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login_throttle_rules)

BOOST_AUTO_TEST_CASE(five_free_failures_then_a_delay_that_doubles_up_to_the_cap) {
  login_throttle t(rules(5, 1s, 8s, 900s));
  for (int i = 0; i < 5; ++i)
    BOOST_TEST(fail_once(t, "a@x", t0) == 0, "failure " << i + 1 << " is free");
  BOOST_TEST(t.retry_after_s("a@x", t0) == 0, "five failures are free");
  BOOST_TEST(fail_once(t, "a@x", t0) == 0);  // 6th is tried, and holds the email 1 s
  BOOST_TEST(t.retry_after_s("a@x", t0) == 1);
  BOOST_TEST(t.admit("a@x", t0 + 500ms) == 1, "refused while held, rounded up");
  BOOST_TEST(fail_once(t, "a@x", t0 + 1s) == 0);  // 7th: 2 s
  BOOST_TEST(t.retry_after_s("a@x", t0 + 1s) == 2);
  BOOST_TEST(t.retry_after_s("a@x", t0 + 2500ms) == 1, "rounded up");
  BOOST_TEST(fail_once(t, "a@x", t0 + 3s) == 0);  // 8th: 4 s
  BOOST_TEST(t.retry_after_s("a@x", t0 + 3s) == 4);
  BOOST_TEST(fail_once(t, "a@x", t0 + 7s) == 0);    // 9th: 8 s, the cap
  BOOST_TEST(fail_once(t, "a@x", t0 + 15s) == 0);   // 10th: still 8 s
  BOOST_TEST(t.retry_after_s("a@x", t0 + 15s) == 8);
  BOOST_TEST(t.retry_after_s("b@x", t0 + 15s) == 0, "other emails are not affected");
}

BOOST_AUTO_TEST_CASE(a_success_clears_a_refund_uncounts_and_old_failures_expire) {
  login_throttle t(rules(2, 1s, 60s, 100s));
  for (int i = 0; i < 3; ++i)
    fail_once(t, "a@x", t0);
  BOOST_TEST(t.retry_after_s("a@x", t0) == 1);
  t.succeeded("a@x");
  BOOST_TEST(t.retry_after_s("a@x", t0) == 0);
  fail_once(t, "a@x", t0);
  t.refund("a@x");  // undecided (a store failed): does not count
  fail_once(t, "a@x", t0);
  fail_once(t, "a@x", t0);
  BOOST_TEST(t.retry_after_s("a@x", t0) == 0, "two counted failures are still free");
  fail_once(t, "a@x", t0 + 200s);  // the earlier two are outside the window: this is the first again
  fail_once(t, "a@x", t0 + 200s);
  BOOST_TEST(t.retry_after_s("a@x", t0 + 200s) == 0);
}

BOOST_AUTO_TEST_CASE(the_key_is_the_normalised_capped_email) {
  BOOST_TEST(login_throttle::normalise("  Ada@Example.COM \t") == "ada@example.com");
  BOOST_TEST(login_throttle::normalise(std::string(10000, 'x')).size() == 254u);
  login_throttle t(rules(1, 10s, 60s, 900s));
  fail_once(t, "Ada@Example.com", t0);
  fail_once(t, " ada@example.COM", t0);
  BOOST_TEST(t.retry_after_s("ada@example.com", t0) == 10, "case and spaces do not make a new key");
  const std::string huge(1 << 20, 'y');  // a 1 MiB "email" costs one fixed-size record
  fail_once(t, huge, t0);
  fail_once(t, huge + "different tail", t0);  // same first 254 bytes: the same record
  BOOST_TEST(t.retry_after_s(huge, t0) == 10);
}

BOOST_AUTO_TEST_CASE(concurrent_guesses_cannot_slip_past_the_count) {
  login_throttle t(rules(5, 60s, 60s, 900s));
  std::atomic<int> admitted{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 16; ++i)
    guessers.emplace_back([&] {
      for (int k = 0; k < 50; ++k)
        if (t.admit("victim@x", t0) == 0)
          ++admitted;
    });
  for (auto& g : guessers)
    g.join();
  BOOST_TEST(admitted.load() == 6, "five free failures and the one that starts the hold, however they interleave");
}

BOOST_AUTO_TEST_CASE(memory_is_fixed_and_a_flood_cannot_push_out_a_held_record) {
  login_throttle t(rules(1, 10s, 60s, 100s, 4));  // one set of four records
  fail_once(t, "old@x", t0);
  for (int i = 0; i < 3; ++i)
    fail_once(t, "victim@x", t0 + 150s);  // held
  for (int i = 0; i < 500; ++i)
    fail_once(t, "flood" + std::to_string(i) + "@x", t0 + 151s);
  BOOST_TEST(t.tracked(t0 + 151s) <= 4u);
  BOOST_TEST(t.retry_after_s("victim@x", t0 + 151s) > 0, "the record with the most failures survives the flood");
  BOOST_TEST(t.retry_after_s("flood499@x", t0 + 151s) == 0, "one failure is free");
}

BOOST_AUTO_TEST_SUITE_END()
