// profile_store against the real server. Every document carries this run's token (in user_id
// and industry) and is deleted at the end.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "storage/mongodb/profile_store.hpp"
#include "support/mongo_scratch.hpp"

namespace {

using namespace std::chrono_literals;

using mongo_test::code_of;

struct profile_fixture : mongo_test::scratch {
  std::string user(int i) const { return "user-" + token + "-" + std::to_string(i); }
  storage::profile sample(int i) const {
    storage::profile p;
    p.user_id = user(i);
    p.display_name = "Person " + std::to_string(i);
    p.industry = "industry-" + token;
    p.expertise = {"plc", i % 2 ? "opc-ua" : "mqtt"};
    p.location = storage::location{52.52, 13.405, "Berlin", "DE"};
    p.bio = "bio " + std::to_string(i);
    return p;
  }
  ~profile_fixture() {
    delete_where(storage::profiles_collection, "industry", "industry-" + token);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_profile_store, profile_fixture)

BOOST_AUTO_TEST_CASE(upsert_creates_then_replaces) {
  const storage::mongo_context store(ctx());
  auto first = storage::upsert_profile(store, sample(1));
  BOOST_REQUIRE_MESSAGE(first.is_ok(), first.get_status().to_string());
  BOOST_TEST(first->created);
  BOOST_TEST(first->stored.user_id == user(1));
  BOOST_TEST(first->stored.created_at_ms > 0);
  BOOST_TEST(first->stored.location->city.value_or("") == "Berlin");

  auto got = storage::get_profile(store, user(1));
  BOOST_REQUIRE(got.is_ok());
  BOOST_TEST(got->display_name == "Person 1");
  BOOST_TEST((got->expertise == std::vector<std::string>{"plc", "opc-ua"}));
  BOOST_TEST(got->bio.value_or("") == "bio 1");

  auto changed = sample(1);
  changed.display_name = "Renamed";
  changed.bio.reset();       // PUT: absent fields go away
  changed.location.reset();
  auto second = storage::upsert_profile(store, changed);
  BOOST_REQUIRE(second.is_ok());
  BOOST_TEST(!second->created);
  BOOST_TEST(second->stored.display_name == "Renamed");
  BOOST_TEST(!second->stored.bio.has_value());
  BOOST_TEST(!second->stored.location.has_value());
  BOOST_TEST(second->stored.created_at_ms == first->stored.created_at_ms);  // kept
  BOOST_TEST(second->stored.updated_at_ms >= first->stored.updated_at_ms);
}

BOOST_AUTO_TEST_CASE(create_conflicts_on_the_unique_user_id) {
  const storage::mongo_context store(ctx());
  auto made = storage::create_profile(store, sample(2));
  BOOST_REQUIRE_MESSAGE(made.is_ok(), made.get_status().to_string());
  auto again = storage::create_profile(store, sample(2));
  BOOST_TEST(code_of(again.get_status()) == "conflict");
  // upsert of the same user is not a conflict.
  auto up = storage::upsert_profile(store, sample(2));
  BOOST_REQUIRE(up.is_ok());
  BOOST_TEST(!up->created);
}

BOOST_AUTO_TEST_CASE(concurrent_upserts_of_a_new_user_create_it_once) {
  constexpr int threads_n = 8;
  std::atomic<int> created{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < threads_n; ++i)
    threads.emplace_back([&] {
      auto l = pool->pop();
      const storage::mongo_context store(l.get(), pool->database(), 10s);
      auto r = storage::upsert_profile(store, sample(3));
      if (!r.is_ok())
        ++failed;
      else if (r->created)
        ++created;
    });
  for (auto& t : threads)
    t.join();
  BOOST_TEST(failed.load() == 0);
  BOOST_TEST(created.load() == 1);
  auto page = storage::list_profiles(ctx(), {std::string("industry-" + token), std::nullopt}, std::nullopt, 100);
  BOOST_REQUIRE(page.is_ok());
  BOOST_TEST(page->items.size() == 1u);
}

BOOST_AUTO_TEST_CASE(get_and_delete_not_found) {
  const storage::mongo_context store(ctx());
  BOOST_TEST(code_of(storage::get_profile(store, user(99)).get_status()) == "not_found");
  BOOST_TEST(code_of(storage::get_profile(store, "{\"$gt\": \"\"}").get_status()) == "not_found");
  BOOST_REQUIRE(storage::upsert_profile(store, sample(4)).is_ok());
  BOOST_TEST(storage::delete_profile(store, user(4)).is_ok());
  BOOST_TEST(code_of(storage::get_profile(store, user(4)).get_status()) == "not_found");
  BOOST_TEST(code_of(storage::delete_profile(store, user(4))) == "not_found");
  BOOST_TEST(storage::delete_profile_if_present(store, user(4)).is_ok());
}

BOOST_AUTO_TEST_CASE(list_filters_and_pages_by_user_id) {
  const storage::mongo_context store(ctx());
  for (int i = 0; i < 5; ++i)
    BOOST_REQUIRE(storage::upsert_profile(store, sample(i)).is_ok());
  storage::profile_filter by_industry{std::string("industry-" + token), std::nullopt};
  std::vector<std::string> seen;
  std::optional<std::string> after;
  int pages = 0;
  do {
    auto page = storage::list_profiles(store, by_industry, after, 2);
    BOOST_REQUIRE(page.is_ok());
    for (const auto& p : page->items)
      seen.push_back(p.user_id);
    after = page->next_after;
    ++pages;
  } while (after && pages < 10);
  BOOST_TEST(pages == 3);
  BOOST_TEST((seen == std::vector<std::string>{user(0), user(1), user(2), user(3), user(4)}));

  auto mqtt = storage::list_profiles(store, {std::string("industry-" + token), std::string("mqtt")}, std::nullopt, 100);
  BOOST_REQUIRE(mqtt.is_ok());
  BOOST_TEST(mqtt->items.size() == 3u);  // 0, 2, 4
  BOOST_TEST(!mqtt->next_after.has_value());
  // Operator-looking values are plain strings: they match nothing.
  auto sneaky = storage::list_profiles(store, {std::string("{\"$ne\": null}"), std::nullopt}, std::nullopt, 100);
  BOOST_REQUIRE(sneaky.is_ok());
  BOOST_TEST(sneaky->items.empty());
}

BOOST_AUTO_TEST_SUITE_END()
