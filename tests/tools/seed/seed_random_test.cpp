// The seed data's randomness and ids: reference outputs of the published algorithms (so the
// data is the same wherever it is generated), the integer mappings, and the id layouts.
#include <boost/test/unit_test.hpp>

#include <array>
#include <set>

#include "storage/mongodb/bson_oid.hpp"
#include "tools/seed/seed_ids.hpp"
#include "tools/seed/seed_random.hpp"

namespace seed = storage::seed;

BOOST_AUTO_TEST_SUITE(seed_random)

// Reference outputs: splitmix64 from state 0, xoshiro256** from state {1, 2, 3, 4} (the
// authors' C code gives the same; they are also the vectors of common ports).
BOOST_AUTO_TEST_CASE(matches_the_reference_algorithms) {
  std::uint64_t state = 0;
  BOOST_TEST(seed::splitmix64(state) == 0xe220a8397b1dcdafULL);
  BOOST_TEST(seed::splitmix64(state) == 0x6e789e6aa1b965f4ULL);
  BOOST_TEST(seed::splitmix64(state) == 0x06c45d188009454fULL);
  auto r = seed::rng::from_state({1, 2, 3, 4});
  BOOST_TEST(r.next() == 11520ULL);
  BOOST_TEST(r.next() == 0ULL);
  BOOST_TEST(r.next() == 1509978240ULL);
  BOOST_TEST(r.next() == 1215971899390074240ULL);
}

BOOST_AUTO_TEST_CASE(same_coordinates_same_stream_other_coordinates_other_stream) {
  seed::rng a(7, seed::stream::post, 3), b(7, seed::stream::post, 3);
  for (int i = 0; i < 100; ++i)
    BOOST_TEST(a.next() == b.next());
  std::set<std::uint64_t> firsts;
  for (std::uint64_t index = 0; index < 1000; ++index)
    firsts.insert(seed::rng(7, seed::stream::post, index).next());
  firsts.insert(seed::rng(7, seed::stream::reply, 3).next());
  firsts.insert(seed::rng(8, seed::stream::post, 3).next());
  BOOST_TEST(firsts.size() == 1002u);
}

BOOST_AUTO_TEST_CASE(below_is_in_range_and_even) {
  seed::rng r(42);
  std::array<int, 6> counts{};
  for (int i = 0; i < 60000; ++i) {
    const auto v = r.below(6);
    BOOST_REQUIRE(v < 6);
    ++counts[v];
  }
  for (int c : counts)  // 10000 expected; 4.5 standard deviations either way
    BOOST_TEST((c > 9600 && c < 10400), "count " << c);
  BOOST_TEST(r.below(1) == 0u);
}

BOOST_AUTO_TEST_CASE(between_reaches_both_ends_and_no_further) {
  seed::rng r(1);
  bool low = false, high = false;
  for (int i = 0; i < 2000; ++i) {
    const auto v = r.between(-3, 3);
    BOOST_REQUIRE(v >= -3 && v <= 3);
    low |= v == -3;
    high |= v == 3;
  }
  BOOST_TEST(low);
  BOOST_TEST(high);
  BOOST_TEST(r.between(5, 5) == 5);
}

BOOST_AUTO_TEST_CASE(chance_is_never_at_0_and_always_at_100) {
  seed::rng r(9);
  int hits = 0;
  for (int i = 0; i < 1000; ++i) {
    BOOST_TEST(!r.chance(0));
    BOOST_TEST(r.chance(100));
    hits += r.chance(30) ? 1 : 0;
  }
  BOOST_TEST((hits > 230 && hits < 370), "hits " << hits);
}

BOOST_AUTO_TEST_CASE(sha256_matches_the_standard_vector) {
  BOOST_TEST(storage::to_hex(storage::sha256("abc")) ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(user_ids_are_name_based_version_8_uuids) {
  const std::string id = seed::user_id("ada.lovelace.1@seed.p2p.local");
  BOOST_TEST(id == seed::user_id("ada.lovelace.1@seed.p2p.local"));
  BOOST_TEST(id != seed::user_id("ada.lovelace.2@seed.p2p.local"));
  BOOST_REQUIRE(id.size() == 36u);
  BOOST_TEST(id[8] == '-');
  BOOST_TEST(id[14] == '8');  // version
  BOOST_TEST(std::string("89ab").find(id[19]) != std::string::npos);  // variant 10
  // The first 16 bytes of SHA-256("p2p-seed:user:<email>"), version and variant bits aside.
  const std::string hex = storage::to_hex(storage::sha256("p2p-seed:user:ada.lovelace.1@seed.p2p.local"));
  BOOST_TEST(id.substr(0, 8) == hex.substr(0, 8));
  BOOST_TEST(id.substr(24, 12) == hex.substr(20, 12));
}

BOOST_AUTO_TEST_CASE(object_ids_carry_created_at_and_a_key_hash) {
  const std::int64_t created = 1793491200123;  // 2026-11-01T00:00:00.123Z
  const bson_oid_t oid = seed::object_id("post:small:0", created);
  BOOST_TEST(storage::oid_time_ms(oid) == 1793491200000);
  const std::string hex = storage::format_oid(oid);
  BOOST_TEST(hex.substr(8) == storage::to_hex(storage::sha256("p2p-seed:post:small:0")).substr(0, 16));
  BOOST_TEST(storage::format_oid(seed::object_id("post:small:1", created)) != hex);
}

BOOST_AUTO_TEST_SUITE_END()
