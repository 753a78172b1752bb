#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <vector>

#include "storage/crypto/password.hpp"

namespace {

const auto fast = storage::password_params::fastest();

// The CPU time this thread spends in `f`, in microseconds. CPU time rather than wall time: the
// machine is shared, and another process's load stretches wall time but not this thread's
// CPU time (Argon2id in libsodium runs on the calling thread).
template <class F>
double thread_cpu_us(F f) {
  auto now = [] {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
  };
  const double start = now();
  f();
  return now() - start;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password)

BOOST_AUTO_TEST_CASE(hashes_are_salted_argon2id) {
  const auto a = storage::hash_password("correct horse", fast);
  const auto b = storage::hash_password("correct horse", fast);
  BOOST_TEST_REQUIRE(a.is_ok());
  BOOST_TEST_REQUIRE(b.is_ok());
  BOOST_TEST(a.value().rfind("$argon2id$", 0) == 0u, a.value());
  BOOST_TEST(a.value() != b.value());
  BOOST_TEST(a.value().find("correct") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(verify_accepts_only_the_password) {
  const auto h = storage::hash_password("correct horse", fast);
  BOOST_TEST_REQUIRE(h.is_ok());
  BOOST_TEST(storage::verify_password(h.value(), "correct horse"));
  BOOST_TEST(!storage::verify_password(h.value(), "correct horsE"));
  BOOST_TEST(!storage::verify_password(h.value(), ""));
  BOOST_TEST(!storage::verify_password(h.value(), "correct horse "));
  // Passwords are bytes: an embedded NUL is part of them.
  const std::string with_nul("ab\0cd", 5);
  const auto hn = storage::hash_password(with_nul, fast);
  BOOST_TEST(storage::verify_password(hn.value(), with_nul));
  BOOST_TEST(!storage::verify_password(hn.value(), "ab"));
}

BOOST_AUTO_TEST_CASE(malformed_hashes_never_verify) {
  const auto h = storage::hash_password("pw", fast).value();
  for (const std::string& bad : {std::string(), std::string("pw"), std::string("$argon2id$"),
                                h.substr(0, h.size() - 2), h + std::string(1, '\0') + "x",
                                std::string(300, 'a')})
    BOOST_TEST(!storage::verify_password(bad, "pw"), bad);
}

BOOST_AUTO_TEST_CASE(needs_rehash_follows_the_parameters) {
  const auto h = storage::hash_password("pw", fast).value();
  BOOST_TEST(!storage::needs_rehash(h, fast));
  BOOST_TEST(storage::needs_rehash(h, storage::password_params::interactive()));
  BOOST_TEST(storage::needs_rehash("not a hash", fast));
  BOOST_TEST(storage::needs_rehash("", fast));
  BOOST_TEST(storage::password_params::interactive().memlimit == 64u * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(dummy_verify_costs_what_a_real_verify_costs) {
  // Heavy enough that the hash dominates the timing, light enough for a unit test.
  const storage::password_params params{2, 16u * 1024 * 1024};
  const auto h = storage::hash_password("the real one", params).value();
  storage::dummy_verify("warm-up", params);  // computes the fixed hash once
  std::vector<double> reals, dummies;
  for (int i = 0; i < 5; ++i) {  // interleaved, so that cache or frequency changes hit both alike
    reals.push_back(thread_cpu_us([&] { (void)storage::verify_password(h, "a wrong guess"); }));
    dummies.push_back(thread_cpu_us([&] { storage::dummy_verify("a wrong guess", params); }));
  }
  const double real = median(reals), dummy = median(dummies);
  BOOST_TEST_MESSAGE("verify " << real << " us, dummy_verify " << dummy << " us of CPU");
  // The same Argon2id work costs the same CPU time within a few percent; 3x leaves room for
  // memory-bandwidth contention from other processes, and a dummy that skipped the hash
  // would cost about 1/1000 of a verification.
  BOOST_TEST(dummy < real * 3);
  BOOST_TEST(real < dummy * 3);
}

BOOST_AUTO_TEST_SUITE_END()
