// The MongoDB repository actors driven through their messages, on a real pool actor over the
// configured database. Every document carries this run's token (in a category, an industry or
// a user id) and is deleted at the end.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>

#include "actors/mongo_pool.hpp"
#include "actors/post_repository.hpp"
#include "actors/profile_repository.hpp"
#include "actors/reply_repository.hpp"
#include "actors/use_case_repository.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "support/actor_fixture.hpp"
#include "support/mongo_scratch.hpp"

using namespace std::chrono_literals;
using namespace actors;
using mongo_test::code_of;
using test_env::ask;

namespace {

struct repo_fixture : test_env::actor_fixture, mongo_test::scratch {
  std::string category = "cat-" + token;
  std::string industry = "ind-" + token;
  std::string unknown_id = storage::format_oid(storage::new_oid());  // a well-formed id of nothing
  actors::mongo_pool_actor pool_actor;
  profile_repository_actor profiles;
  post_repository_actor posts;
  reply_repository_actor replies;
  use_case_repository_actor use_cases;

  repo_fixture() {
    pool_actor = spawn_mongo_pool(sys, pool);
    mongo_route route{pool_actor, 5000ms};
    profiles = sys.spawn(profile_repository, route);
    posts = sys.spawn(post_repository, route);
    replies = sys.spawn(reply_repository, route);
    use_cases = sys.spawn(use_case_repository, route);
  }
  ~repo_fixture() {
    auto mine = ask<storage::post_page>(self, posts, 10s, list_atom::value, post_list_query{by_category(), {}, 1000});
    for (const auto& p : mine.value().items)
      (void)ask<ok_atom>(self, posts, 10s, delete_atom::value, p.id);  // its replies and votes go too
    delete_where(storage::profiles_collection, "industry", industry);
    delete_where(storage::use_cases_collection, "industry", industry);
    self->send_exit(profiles, caf::exit_reason::user_shutdown);
    self->send_exit(posts, caf::exit_reason::user_shutdown);
    self->send_exit(replies, caf::exit_reason::user_shutdown);
    self->send_exit(use_cases, caf::exit_reason::user_shutdown);
    self->send_exit(pool_actor, caf::exit_reason::user_shutdown);
  }

  // The reply of type T, or a failed test.
  template <class T, class Handle, class... Ts>
  T must(const Handle& dest, Ts&&... msg) {
    auto r = ask<T>(self, dest, 10s, std::forward<Ts>(msg)...);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return std::move(r.value());
  }
  // The error code's name of a request expected to fail ("ok" when it did not).
  template <class T, class Handle, class... Ts>
  std::string fails_with(const Handle& dest, Ts&&... msg) {
    return code_of(ask<T>(self, dest, 10s, std::forward<Ts>(msg)...).get_status());
  }
  // The answers to `n` requests sent with plain sends (which all run at once), in arrival order.
  template <class T>
  std::vector<storage::result<T>> gather(int n) {
    std::vector<storage::result<T>> out;
    for (int i = 0; i < n; ++i)
      self->receive([&](T& v) { out.emplace_back(std::move(v)); },
                    [&](caf::error& e) { out.emplace_back(test_env::status_of(e)); },
                    caf::after(10s) >> [&] { out.emplace_back(storage::status::timeout("no answer in 10 s")); });
    return out;
  }

  storage::post_filter by_category() const { return {category, {}, {}, {}, {}}; }
  storage::post make_post(const std::string& title, const std::string& author = "author",
                          storage::post_status status = storage::post_status::published) {
    return must<storage::post>(posts, create_atom::value,
                               storage::new_post{author, title, "body of " + title, category, {"plc"}, status});
  }
  storage::reply make_reply(const std::string& post_id, const std::string& text) {
    return must<storage::reply>(replies, create_atom::value, new_reply{post_id, "replier", text});
  }
  storage::profile profile(int i) const {
    return {"user-" + token + "-" + std::to_string(i), "Person " + std::to_string(i), industry,
            std::nullopt, {"plc", i % 2 ? "opc-ua" : "mqtt"}, std::nullopt, 0, 0};
  }
  storage::use_case make_use_case(const char* city, double lat, double lng) {
    return must<storage::use_case>(use_cases, create_atom::value,
                                   storage::new_use_case{"submitter-" + token, std::string("Plant in ") + city, "text",
                                                         industry, {"iiot"}, {lat, lng, std::string(city), std::nullopt}});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_repositories, repo_fixture)

BOOST_AUTO_TEST_CASE(profiles_upsert_get_list_and_delete) {
  auto first = must<storage::profile_upsert>(profiles, upsert_atom::value, profile(1));
  BOOST_TEST(first.created);
  auto changed = profile(1);
  changed.display_name = "Renamed";
  auto second = must<storage::profile_upsert>(profiles, upsert_atom::value, changed);
  BOOST_TEST(!second.created);
  BOOST_TEST(second.stored.created_at_ms == first.stored.created_at_ms);
  BOOST_TEST(must<storage::profile>(profiles, get_atom::value, profile(1).user_id).display_name == "Renamed");
  BOOST_TEST(fails_with<storage::profile>(profiles, get_atom::value, profile(9).user_id) == "not_found");

  for (int i = 2; i <= 5; ++i)
    must<storage::profile_upsert>(profiles, upsert_atom::value, profile(i));
  std::vector<std::string> seen;
  profile_list_query q{{industry, std::nullopt}, std::nullopt, 2};
  for (int guard = 0; guard < 10; ++guard) {
    auto page = must<storage::profile_page>(profiles, list_atom::value, q);
    for (const auto& p : page.items)
      seen.push_back(p.user_id);
    if (!page.next_after)
      break;
    q.after_user_id = page.next_after;
  }
  BOOST_TEST(seen == (std::vector<std::string>{profile(1).user_id, profile(2).user_id, profile(3).user_id,
                                               profile(4).user_id, profile(5).user_id}),
             boost::test_tools::per_element());
  auto mqtt = must<storage::profile_page>(profiles, list_atom::value,
                                          profile_list_query{{industry, std::string("mqtt")}, std::nullopt, 100});
  BOOST_TEST(mqtt.items.size() == 2u);  // profiles 2 and 4

  BOOST_TEST(ask<ok_atom>(self, profiles, 10s, delete_atom::value, profile(1).user_id).is_ok());
  BOOST_TEST(fails_with<ok_atom>(profiles, delete_atom::value, profile(1).user_id) == "not_found");
  BOOST_TEST(ask<ok_atom>(self, profiles, 10s, purge_atom::value, profile(1).user_id).is_ok());  // absent: fine
  BOOST_TEST(ask<ok_atom>(self, profiles, 10s, purge_atom::value, profile(2).user_id).is_ok());
  BOOST_TEST(fails_with<storage::profile>(profiles, get_atom::value, profile(2).user_id) == "not_found");
}

BOOST_AUTO_TEST_CASE(posts_create_get_update_owner_and_delete_with_replies) {
  auto p = make_post("Hello PLC world", "author-" + token);
  BOOST_TEST(p.id.size() == 24u);
  BOOST_TEST(p.reply_count == 0);
  BOOST_TEST(must<storage::post>(posts, get_atom::value, p.id).title == "Hello PLC world");
  for (const auto& bad : {unknown_id, std::string("not-an-id")})
    BOOST_TEST(fails_with<storage::post>(posts, get_atom::value, bad) == "not_found");

  storage::post_patch patch;
  patch.title = "Renamed";
  patch.status = storage::post_status::closed;
  auto updated = must<storage::post>(posts, update_atom::value, p.id, patch);
  BOOST_TEST(updated.title == "Renamed");
  BOOST_TEST((updated.status == storage::post_status::closed));
  BOOST_TEST(updated.content == p.content);
  BOOST_TEST(fails_with<storage::post>(posts, update_atom::value, unknown_id, patch) == "not_found");
  BOOST_TEST(must<std::string>(posts, owner_atom::value, p.id) == "author-" + token);
  BOOST_TEST(fails_with<std::string>(posts, owner_atom::value, unknown_id) == "not_found");

  auto open = make_post("with replies");
  auto r = make_reply(open.id, "first");
  BOOST_TEST(must<storage::post>(posts, get_atom::value, open.id).reply_count == 1);
  BOOST_TEST(ask<ok_atom>(self, posts, 10s, delete_atom::value, open.id).is_ok());
  BOOST_TEST(fails_with<storage::reply>(replies, get_atom::value, r.id) == "not_found");
  BOOST_TEST(fails_with<ok_atom>(posts, delete_atom::value, open.id) == "not_found");
}

BOOST_AUTO_TEST_CASE(post_pages_are_stable_while_posts_are_added) {
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i)
    made.push_back(make_post("post " + std::to_string(i)).id);
  auto draft = make_post("a draft", "author", storage::post_status::draft);
  std::vector<std::string> seen;
  post_list_query q{by_category(), std::nullopt, 2};
  q.filter.status = storage::post_status::published;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = must<storage::post_page>(posts, list_atom::value, q);
    for (const auto& p : page.items)
      seen.push_back(p.id);
    if (guard == 0)
      make_post("late");  // newer than every cursor: never on a later page
    if (!page.next)
      break;
    q.after = page.next;
  }
  std::reverse(made.begin(), made.end());  // newest first
  BOOST_TEST(seen == made, boost::test_tools::per_element());

  post_list_query drafts{by_category(), std::nullopt, 10};
  drafts.filter.status = storage::post_status::draft;
  auto only = must<storage::post_page>(posts, list_atom::value, drafts);
  BOOST_REQUIRE_EQUAL(only.items.size(), 1u);
  BOOST_TEST(only.items[0].id == draft.id);
  post_list_query text{by_category(), std::nullopt, 10};
  text.filter.q = "A DRAFT";
  BOOST_TEST(must<storage::post_page>(posts, list_atom::value, text).items.size() == 1u);
  q.after = storage::post_cursor{1, "zz"};
  BOOST_TEST(fails_with<storage::post_page>(posts, list_atom::value, q) == "invalid");
}

BOOST_AUTO_TEST_CASE(replies_are_listed_oldest_first_and_refused_on_closed_or_missing_posts) {
  auto p = make_post("question");
  std::vector<std::string> made;
  for (int i = 0; i < 3; ++i)
    made.push_back(make_reply(p.id, "answer " + std::to_string(i)).id);
  std::vector<std::string> seen;
  reply_list_query q{p.id, std::nullopt, 2};
  for (int guard = 0; guard < 10; ++guard) {
    auto page = must<storage::reply_page>(replies, list_atom::value, q);
    for (const auto& r : page.items)
      seen.push_back(r.id);
    if (!page.next)
      break;
    q.after = page.next;
  }
  BOOST_TEST(seen == made, boost::test_tools::per_element());
  auto got = must<storage::reply>(replies, get_atom::value, made[1]);
  BOOST_TEST(got.content == "answer 1");
  BOOST_TEST(got.post_id == p.id);
  BOOST_TEST(fails_with<storage::reply>(replies, get_atom::value, unknown_id) == "not_found");
  BOOST_TEST(fails_with<storage::reply_page>(replies, list_atom::value, reply_list_query{unknown_id, {}, 10}) ==
             "not_found");
  BOOST_TEST(fails_with<storage::reply>(replies, create_atom::value, new_reply{unknown_id, "r", "x"}) == "not_found");

  storage::post_patch close;
  close.status = storage::post_status::closed;
  must<storage::post>(posts, update_atom::value, p.id, close);
  BOOST_TEST(fails_with<storage::reply>(replies, create_atom::value, new_reply{p.id, "r", "too late"}) == "conflict");
  BOOST_TEST(must<storage::post>(posts, get_atom::value, p.id).reply_count == 3);
}

BOOST_AUTO_TEST_CASE(twenty_concurrent_distinct_upvotes_give_exactly_twenty) {
  auto r = make_reply(make_post("popular").id, "upvote me");
  for (int i = 0; i < 20; ++i)  // plain sends: the repository passes all 20 to the pool at once
    self->send(replies, upvote_atom::value, r.id, "voter-" + std::to_string(i));
  auto answers = gather<int64_t>(20);
  int64_t highest = 0;
  for (const auto& a : answers) {
    BOOST_TEST(a.is_ok(), a.get_status().to_string());
    highest = std::max(highest, a.value());
  }
  BOOST_TEST(highest == 20);
  BOOST_TEST(must<storage::reply>(replies, get_atom::value, r.id).upvotes == 20);
  BOOST_TEST(must<int64_t>(replies, upvote_atom::value, r.id, std::string("voter-3")) == 20);  // a repeat
  BOOST_TEST(must<int64_t>(replies, withdraw_atom::value, r.id, std::string("voter-3")) == 19);
  BOOST_TEST(must<int64_t>(replies, withdraw_atom::value, r.id, std::string("voter-3")) == 19);
  BOOST_TEST(must<int64_t>(replies, withdraw_atom::value, r.id, std::string("never-voted")) == 19);
  BOOST_TEST(fails_with<int64_t>(replies, upvote_atom::value, unknown_id, std::string("u")) == "not_found");
}

BOOST_AUTO_TEST_CASE(concurrent_best_answer_marks_leave_exactly_one) {
  auto p = make_post("which is best?", "owner-" + token);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(make_reply(p.id, "candidate " + std::to_string(i)).id);
  auto owner = must<storage::reply_owner>(replies, owner_atom::value, ids[0]);
  BOOST_TEST(owner.post_id == p.id);
  BOOST_TEST(owner.post_author_id == "owner-" + token);
  BOOST_TEST(fails_with<storage::reply_owner>(replies, owner_atom::value, unknown_id) == "not_found");

  for (const auto& id : ids)
    self->send(replies, best_atom::value, id);
  for (const auto& a : gather<storage::reply>(6)) {
    BOOST_TEST(a.is_ok(), a.get_status().to_string());
    BOOST_TEST(a.value().is_best_answer);
  }
  auto page = must<storage::reply_page>(replies, list_atom::value, reply_list_query{p.id, {}, 100});
  auto best = std::count_if(page.items.begin(), page.items.end(), [](const storage::reply& r) { return r.is_best_answer; });
  BOOST_TEST(best == 1);
  BOOST_TEST(fails_with<storage::reply>(replies, best_atom::value, unknown_id) == "not_found");
}

BOOST_AUTO_TEST_CASE(use_cases_crud_pages_and_near_search) {
  auto berlin = make_use_case("Berlin", 52.5200, 13.4050);
  auto potsdam = make_use_case("Potsdam", 52.3906, 13.0645);
  auto munich = make_use_case("Munich", 48.1351, 11.5820);
  BOOST_TEST(must<storage::use_case>(use_cases, get_atom::value, berlin.id).title == "Plant in Berlin");
  BOOST_TEST(fails_with<storage::use_case>(use_cases, get_atom::value, unknown_id) == "not_found");

  storage::use_case_patch patch;
  patch.title = "Factory in Berlin";
  BOOST_TEST(must<storage::use_case>(use_cases, update_atom::value, berlin.id, patch).title == "Factory in Berlin");
  BOOST_TEST(fails_with<storage::use_case>(use_cases, update_atom::value, unknown_id, patch) == "not_found");

  std::vector<std::string> seen;
  use_case_list_query q{{industry, std::nullopt}, std::nullopt, 2};
  for (int guard = 0; guard < 10; ++guard) {
    auto page = must<storage::use_case_page>(use_cases, list_atom::value, q);
    for (const auto& u : page.items)
      seen.push_back(u.id);
    if (!page.next)
      break;
    q.after = page.next;
  }
  BOOST_TEST(seen == (std::vector<std::string>{munich.id, potsdam.id, berlin.id}), boost::test_tools::per_element());

  auto hits = must<std::vector<storage::use_case_hit>>(use_cases, near_atom::value,
                                                       near_query{52.5200, 13.4050, 600, {industry, std::nullopt}, 10});
  BOOST_REQUIRE_EQUAL(hits.size(), 3u);
  BOOST_TEST(hits[0].item.id == berlin.id);
  BOOST_TEST(hits[0].distance_km < 0.01);
  BOOST_TEST(hits[1].item.id == potsdam.id);
  BOOST_TEST(std::abs(hits[1].distance_km - 27.19) < 0.01 * 27.19, hits[1].distance_km);
  BOOST_TEST(hits[2].item.id == munich.id);
  BOOST_TEST(std::abs(hits[2].distance_km - 504.4) < 0.01 * 504.4, hits[2].distance_km);
  auto close_by = must<std::vector<storage::use_case_hit>>(use_cases, near_atom::value,
                                                           near_query{52.5200, 13.4050, 100, {industry, std::nullopt}, 10});
  BOOST_TEST(close_by.size() == 2u);
  BOOST_TEST(fails_with<std::vector<storage::use_case_hit>>(use_cases, near_atom::value,
                                                            near_query{52.52, 13.40, 0, {industry, std::nullopt}, 10}) ==
             "invalid");

  BOOST_TEST(ask<ok_atom>(self, use_cases, 10s, delete_atom::value, munich.id).is_ok());
  BOOST_TEST(fails_with<ok_atom>(use_cases, delete_atom::value, munich.id) == "not_found");
  BOOST_TEST(fails_with<storage::use_case>(use_cases, get_atom::value, munich.id) == "not_found");
}

BOOST_AUTO_TEST_SUITE_END()
