// Seeding against the real stores, in process: idempotence, the admin, consistency with what
// the stores report, and a reset that removes seed data and nothing else.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "cli/seed_fixture.hpp"
#include "storage/crypto/password.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "storage/mongodb/use_case_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "tools/seed/seed_generator.hpp"
#include "tools/seed/seed_reset.hpp"

namespace seed = storage::seed;
using seed_test::world;

BOOST_FIXTURE_TEST_SUITE(seed_run, world)

BOOST_AUTO_TEST_CASE(seeding_twice_gives_the_same_counts_and_content_hash) {
  const auto first = run();
  for (const auto& p : first.phases) {
    BOOST_TEST(p.inserted == p.total, p.name);
    BOOST_TEST(p.existing == 0, p.name);
  }
  BOOST_TEST(first.admin_created);
  const auto after_first = digest();

  const auto second = run();  // recorded as complete: MongoDB is not touched
  for (const auto& p : second.phases) {
    BOOST_TEST(p.inserted == 0, p.name);
    BOOST_TEST(p.existing == p.total, p.name);
  }
  const auto after_second = digest();

  BOOST_REQUIRE(seed::forget_runs(mongo).is_ok());  // now every document is sent again
  const auto third = run();
  for (const auto& p : third.phases)
    BOOST_TEST(p.inserted == 0, p.name);
  const auto after_third = digest();

  const auto expected = seed::expected_digest(seed::plan(seed::size::small), options().admin_email);
  BOOST_TEST(after_first.hex() == expected.hex());
  BOOST_TEST(after_second.hex() == expected.hex());
  BOOST_TEST(after_third.hex() == expected.hex());
  BOOST_TEST(after_third.counts() == expected.counts());
}

BOOST_AUTO_TEST_CASE(the_seeded_admin_can_log_in_and_list_users) {
  run();
  const auto o = options();
  auto admin = storage::get_user_by_email(*pg, o.admin_email);
  BOOST_REQUIRE_MESSAGE(admin.is_ok(), admin.get_status().to_string());
  BOOST_TEST(admin->role == "admin");
  BOOST_TEST(admin->is_active);
  BOOST_TEST(storage::verify_password(admin->password_hash, o.admin_password));
  BOOST_TEST(!storage::verify_password(admin->password_hash, o.user_password));
  auto user = storage::get_user_by_email(*pg, seed::make_user(0).email);
  BOOST_REQUIRE(user.is_ok());
  BOOST_TEST(storage::verify_password(user->password_hash, o.user_password));
  BOOST_TEST(user->role == "user");

  std::vector<std::string> listed;  // the admin's call, page by page
  std::optional<storage::user_cursor> after;
  do {
    auto page = storage::list_users(*pg, after, 20);
    BOOST_REQUIRE(page.is_ok());
    for (const auto& u : page->items)
      listed.push_back(u.email);
    after = page->next;
  } while (after);
  BOOST_TEST(listed.size() == 51u);
  BOOST_TEST(std::count(listed.begin(), listed.end(), o.admin_email) == 1);
}

BOOST_AUTO_TEST_CASE(an_existing_user_is_left_as_it_is) {
  auto hash = storage::hash_password("an-older-password", storage::password_params::fastest());
  BOOST_REQUIRE(hash.is_ok());
  auto before = storage::create_user(*pg, {options().admin_email, hash.value(), "Someone", "user", true});
  BOOST_REQUIRE(before.is_ok());
  const auto r = run();
  BOOST_TEST(!r.admin_created);
  BOOST_TEST(r.phases.front().inserted == 50);
  auto after = storage::get_user_by_email(*pg, options().admin_email);
  BOOST_REQUIRE(after.is_ok());
  BOOST_TEST(after->id == before->id);
  BOOST_TEST(after->role == "user");
  BOOST_TEST(storage::verify_password(after->password_hash, "an-older-password"));
}

// What the stores (and so the API) report about seeded records is what the generator made.
BOOST_AUTO_TEST_CASE(a_seeded_posts_replies_are_consistent_with_its_reply_count) {
  run();
  const seed::plan pl(seed::size::small);
  std::int64_t busiest = 0, with_best = -1, draft = -1;
  for (std::int64_t p = 0; p < pl.count().posts; ++p) {
    if (pl.replies_of(p) > pl.replies_of(busiest))
      busiest = p;
    if (with_best < 0 && pl.best_answer_of(p) >= 0)
      with_best = p;
    if (draft < 0 && pl.status_of(p) == storage::post_status::draft)
      draft = p;
  }
  BOOST_REQUIRE((with_best >= 0 && draft >= 0));
  for (std::int64_t p : {busiest, with_best, draft}) {
    const auto want = seed::make_post(pl, p);
    auto got = storage::get_post(ctx(), want.id);
    BOOST_REQUIRE_MESSAGE(got.is_ok(), got.get_status().to_string());
    BOOST_TEST(got->reply_count == pl.replies_of(p));
    BOOST_TEST(got->title == want.title);
    BOOST_TEST(got->tags == want.tags);
    BOOST_TEST((got->status == want.status));
    BOOST_TEST(got->created_at_ms == want.created_at_ms);
    BOOST_TEST((got->best_answer_id == want.best_answer_id));
    auto replies = storage::list_replies(ctx(), want.id, std::nullopt, 1000);
    BOOST_REQUIRE(replies.is_ok());
    BOOST_TEST(static_cast<std::int64_t>(replies->items.size()) == got->reply_count);
    int best = 0;
    for (const auto& r : replies->items) {
      best += r.is_best_answer ? 1 : 0;
      std::int64_t k = 0;  // find the generated reply with this id
      while (k < pl.replies_of(p) && seed::make_reply(pl, p, k).id != r.id)
        ++k;
      BOOST_REQUIRE(k < pl.replies_of(p));
      const auto gen = seed::make_reply(pl, p, k);
      BOOST_TEST(r.upvotes == gen.upvotes);
      BOOST_TEST(r.is_best_answer == gen.is_best_answer);
      BOOST_TEST(r.content == gen.content);
    }
    BOOST_TEST(best == (want.best_answer_id ? 1 : 0));
  }
  const auto profile = seed::make_profile(7);
  auto stored = storage::get_profile(ctx(), profile.user_id);
  BOOST_REQUIRE(stored.is_ok());
  BOOST_TEST(stored->expertise == profile.expertise);
  BOOST_TEST((stored->bio == profile.bio));
  const auto uc = seed::make_use_case(pl, 3);
  auto near = storage::near_use_cases(ctx(), uc.location.lat, uc.location.lng, 1, {}, 10);
  BOOST_REQUIRE(near.is_ok());
  BOOST_TEST(std::any_of(near->begin(), near->end(), [&](const auto& h) { return h.item.id == uc.id; }));
}

BOOST_AUTO_TEST_SUITE_END()
