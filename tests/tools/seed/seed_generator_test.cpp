// The seed generator: the same data set on every run and machine (a golden content hash pins
// it), records that refer to each other consistently, and the spread the issue asks for.
// Changing the data set on purpose means updating the golden hash below, and saying so.
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "storage/model/geo.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "tools/seed/seed_cities.hpp"
#include "tools/seed/seed_digest.hpp"
#include "tools/seed/seed_generator.hpp"
#include "tools/seed/seed_source.hpp"

namespace seed = storage::seed;

namespace {

// The content hash of `small` with the default admin, as generated on the machine that wrote
// this test (Debian 12, g++ 12, x86-64). Equal everywhere, or the data is not deterministic.
// (Changed when use cases gained geo_cells, migration 0002.)
constexpr const char* small_golden_hash =
    "8decf0d5a1853ef5ad34966da1cd0c6a728e4d807c4e938dc81c6eff9532d784";

std::int64_t oid_ms(const std::string& hex) { return storage::oid_time_ms(*storage::parse_oid(hex)); }

// The documents of the first `n` records of kind `k`, as BSON bytes.
std::vector<std::string> first_documents(const seed::plan& pl, seed::kind k, size_t n) {
  std::vector<std::string> out;
  seed::each_document(pl, k, [&](storage::bson_ptr doc) {
    if (out.size() < n)
      out.push_back(seed::canonical(doc.get()));
  });
  return out;
}

// The plan's bookkeeping adds up: replies are numbered post by post, drafts have none, best
// answers are among the post's replies, upvotes sum to the total.
void check_plan(const seed::plan& pl) {
  std::int64_t replies = 0, votes = 0;
  for (std::int64_t p = 0; p < pl.count().posts; ++p) {
    BOOST_REQUIRE_EQUAL(pl.first_reply_of(p), replies);
    replies += pl.replies_of(p);
    if (pl.status_of(p) == storage::post_status::draft)
      BOOST_REQUIRE_EQUAL(pl.replies_of(p), 0);
    BOOST_REQUIRE(pl.best_answer_of(p) < pl.replies_of(p));
  }
  for (std::int64_t r = 0; r < pl.count().replies; ++r) {
    BOOST_REQUIRE(pl.votes_of(r) < pl.count().users);
    votes += pl.votes_of(r);
  }
  BOOST_TEST(replies == pl.count().replies);
  BOOST_TEST(votes == pl.votes_total());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_generator)

BOOST_AUTO_TEST_CASE(small_has_the_golden_content_hash) {
  const auto d = seed::expected_digest(seed::plan(seed::size::small), "admin@p2p.local");
  BOOST_TEST(d.hex() == small_golden_hash);
  const auto counts = d.counts();
  BOOST_TEST(counts.at("users") == 51);
  BOOST_TEST(counts.at("user_profiles") == 50);
  BOOST_TEST(counts.at("forum_posts") == 200);
  BOOST_TEST(counts.at("forum_replies") == 800);
  BOOST_TEST(counts.at("use_cases") == 50);
  BOOST_TEST(counts.at("forum_reply_votes") == seed::plan(seed::size::small).votes_total());
}

BOOST_AUTO_TEST_CASE(two_plans_give_the_same_first_records) {
  const seed::plan a(seed::size::medium), b(seed::size::medium);
  for (seed::kind k : seed::all_kinds)
    BOOST_TEST(first_documents(a, k, 200) == first_documents(b, k, 200), seed::label_of(k));
  BOOST_TEST(seed::make_user(0).email == "lars.andersson.1@seed.p2p.local");  // as documented
}

BOOST_AUTO_TEST_CASE(users_are_shared_by_every_size_and_the_forum_is_not) {
  const seed::plan small(seed::size::small), medium(seed::size::medium);
  BOOST_TEST(first_documents(small, seed::kind::profiles, 50) ==
             first_documents(medium, seed::kind::profiles, 50));
  BOOST_TEST(seed::make_post(small, 0).id != seed::make_post(medium, 0).id);
}

BOOST_AUTO_TEST_CASE(sizes_and_plan_totals) {
  BOOST_TEST(seed::counts_of(seed::size::medium).users == 10'000);
  BOOST_TEST(seed::counts_of(seed::size::medium).replies == 200'000);
  BOOST_TEST(seed::counts_of(seed::size::large).posts == 500'000);
  BOOST_TEST(seed::parse_size("medium").has_value());
  BOOST_TEST(!seed::parse_size("huge").has_value());
  for (seed::size size : seed::all_sizes)
    check_plan(seed::plan(size));
}

BOOST_AUTO_TEST_CASE(medium_has_the_spread_of_statuses_the_issue_asks_for) {
  const seed::plan pl(seed::size::medium);
  std::map<storage::post_status, int> statuses;
  for (std::int64_t p = 0; p < pl.count().posts; ++p)
    ++statuses[pl.status_of(p)];
  const double published = statuses[storage::post_status::published] / 50'000.0;
  BOOST_TEST((published > 0.75 && published < 0.85));
  for (auto st : {storage::post_status::draft, storage::post_status::closed, storage::post_status::archived})
    BOOST_TEST(statuses[st] > 1000);
}

// Every reference in small points at a record of the data set, and times run forward.
BOOST_AUTO_TEST_CASE(records_refer_to_each_other_consistently) {
  const seed::plan pl(seed::size::small);
  std::map<std::string, std::int64_t> user_created_ms;
  for (std::int64_t i = 0; i < pl.count().users; ++i) {
    const auto u = seed::make_user(i);
    user_created_ms[u.id] = u.created_at_us / 1000;
    const auto prof = seed::make_profile(i);
    BOOST_TEST(prof.user_id == u.id);
    BOOST_TEST(prof.created_at_ms > u.created_at_us / 1000);
  }
  std::set<std::string> categories, tags;
  int best_answers = 0;
  for (std::int64_t p = 0; p < pl.count().posts; ++p) {
    const auto post = seed::make_post(pl, p);
    BOOST_REQUIRE(user_created_ms.contains(post.author_id));
    BOOST_TEST(post.created_at_ms > user_created_ms[post.author_id]);
    BOOST_TEST(post.updated_at_ms >= post.created_at_ms);
    BOOST_TEST(post.updated_at_ms <= seed::base_time_ms);
    BOOST_TEST(oid_ms(post.id) == post.created_at_ms / 1000 * 1000);
    BOOST_TEST(post.reply_count == pl.replies_of(p));
    categories.insert(post.category);
    tags.insert(post.tags.begin(), post.tags.end());
    std::int64_t marked_best = 0;
    for (std::int64_t k = 0; k < pl.replies_of(p); ++k) {
      const auto r = seed::make_reply(pl, p, k);
      BOOST_TEST(r.post_id == post.id);
      BOOST_TEST(r.author_id != post.author_id);
      BOOST_TEST(user_created_ms.contains(r.author_id));
      BOOST_TEST(r.created_at_ms >= post.created_at_ms);
      BOOST_TEST(r.created_at_ms <= seed::base_time_ms);
      BOOST_TEST(oid_ms(r.id) == r.created_at_ms / 1000 * 1000);
      if (r.is_best_answer) {
        ++marked_best;
        BOOST_TEST((post.best_answer_id == r.id));
      }
      const auto votes = seed::make_votes(pl, r, p, k);
      BOOST_TEST(static_cast<std::int64_t>(votes.size()) == r.upvotes);
      std::set<std::string> voters;
      for (const auto& v : votes) {
        BOOST_TEST(v.id == r.id + ":" + v.user_id);
        BOOST_TEST(v.user_id != r.author_id);
        BOOST_TEST(user_created_ms.contains(v.user_id));
        BOOST_TEST(v.created_at_ms >= r.created_at_ms);
        voters.insert(v.user_id);
      }
      BOOST_TEST(voters.size() == votes.size());
    }
    BOOST_TEST(marked_best == (post.best_answer_id ? 1 : 0));
    best_answers += static_cast<int>(marked_best);
  }
  BOOST_TEST(categories.size() >= 6u);
  BOOST_TEST(tags.size() >= 20u);
  BOOST_TEST(best_answers >= 40);
}

// Use cases lie within 40 km of a table city (0.25 degrees of jitter on each axis) and carry
// its name; together they cover many cities.
BOOST_AUTO_TEST_CASE(use_cases_are_spread_over_the_map_near_real_cities) {
  const seed::plan pl(seed::size::medium);
  std::set<std::string> cities;
  for (std::int64_t i = 0; i < pl.count().use_cases; i += 7) {
    const auto u = seed::make_use_case(pl, i);
    const seed::city* home = nullptr;
    for (const auto& c : seed::cities())
      if (c.name == *u.location.city)
        home = &c;
    BOOST_REQUIRE(home != nullptr);
    BOOST_TEST(*u.location.country == home->country);
    BOOST_TEST(storage::distance_km(u.location.lat, u.location.lng, home->lat, home->lng) < 40.0);
    cities.insert(home->name);
  }
  BOOST_TEST(cities.size() >= 50u);
}

BOOST_AUTO_TEST_SUITE_END()
