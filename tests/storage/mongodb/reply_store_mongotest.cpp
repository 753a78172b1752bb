// reply_store against the real server: reply counts, closed posts, exact concurrent upvotes and
// a single best answer under concurrent marks. Posts carry this run's token as their category
// and are removed (with their replies) at the end.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "support/mongo_scratch.hpp"
#include "support/test_env.hpp"

namespace {

using namespace std::chrono_literals;

using mongo_test::code_of;

storage::mongo_settings wide_pool() {
  auto s = test_env::settings().mongodb;
  s.max_pool_size = 30;  // the concurrency tests run 20+ threads, each with its own client
  return s;
}

struct reply_fixture : mongo_test::scratch {
  std::vector<std::string> posts;

  reply_fixture() : scratch(wide_pool()) {}
  storage::post make_post(const std::string& owner = "owner") {
    auto p = storage::create_post(ctx(), 
        {owner, "question", "body", "cat-" + token, {}, storage::post_status::published});
    BOOST_REQUIRE_MESSAGE(p.is_ok(), p.get_status().to_string());
    posts.push_back(p->id);
    return p.value();
  }
  storage::reply make_reply(const std::string& post_id, const std::string& text = "answer") {
    auto r = storage::create_reply(ctx(), post_id, "replier", text);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }
  int64_t reply_count(const std::string& post_id) {
    auto p = storage::get_post(ctx(), post_id);
    BOOST_REQUIRE(p.is_ok());
    return p->reply_count;
  }
  // Runs `body(i, store)` on `n` threads at once, each with its own client.
  template <class F>
  void in_parallel(int n, F body) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
      threads.emplace_back([&, i] {
        auto l = pool->pop();
        const storage::mongo_context store(l.get(), pool->database(), 10s);
        ++ready;
        while (ready.load() < n)
          std::this_thread::yield();
        body(i, store);
      });
    for (auto& t : threads)
      t.join();
  }
  ~reply_fixture() {
    for (const auto& id : posts)
      (void)storage::delete_post(ctx(), id);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_reply_store, reply_fixture)

BOOST_AUTO_TEST_CASE(create_counts_and_lists_oldest_first) {
  auto post = make_post();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(make_reply(post.id, "answer " + std::to_string(i)).id);
  BOOST_TEST(reply_count(post.id) == 5);
  const storage::mongo_context store(ctx());
  std::vector<std::string> seen;
  std::optional<storage::reply_cursor> after;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = storage::list_replies(store, post.id, after, 2);
    BOOST_REQUIRE(page.is_ok());
    for (const auto& r : page->items) {
      seen.push_back(r.id);
      BOOST_TEST(r.post_id == post.id);
      BOOST_TEST(!r.is_best_answer);
    }
    if (guard == 0)
      make_reply(post.id, "late");  // newer than every cursor: shows up on the last page
    if (!page->next)
      break;
    after = page->next;
  }
  BOOST_REQUIRE(seen.size() == 6u);
  BOOST_TEST((std::vector<std::string>(seen.begin(), seen.begin() + 5) == ids));
  auto one = storage::get_reply(store, ids[2]);
  BOOST_REQUIRE(one.is_ok());
  BOOST_TEST(one->content == "answer 2");
  BOOST_TEST(one->author_id == "replier");
  BOOST_TEST(one->upvotes == 0);
}

BOOST_AUTO_TEST_CASE(closed_missing_and_malformed_posts) {
  auto post = make_post();
  make_reply(post.id);
  storage::post_patch close;
  close.status = storage::post_status::closed;
  BOOST_REQUIRE(storage::update_post(ctx(), post.id, close).is_ok());
  const storage::mongo_context store(ctx());
  auto refused = storage::create_reply(store, post.id, "replier", "too late");
  BOOST_TEST(code_of(refused.get_status()) == "conflict");
  BOOST_TEST(reply_count(post.id) == 1);  // unchanged
  BOOST_TEST(code_of(storage::create_reply(store, storage::format_oid(storage::new_oid()), "r", "x").get_status()) == "not_found");
  BOOST_TEST(code_of(storage::create_reply(store, "not-an-id", "r", "x").get_status()) == "not_found");
  BOOST_TEST(code_of(storage::list_replies(store, "not-an-id", std::nullopt, 10).get_status()) == "not_found");
  BOOST_TEST(code_of(storage::get_reply(store, "not-an-id").get_status()) == "not_found");
  BOOST_TEST(code_of(storage::get_reply(store, storage::format_oid(storage::new_oid())).get_status()) == "not_found");
  BOOST_TEST(code_of(storage::upvote_reply(store, "{\"$gt\":\"\"}", "u").get_status()) == "not_found");
  BOOST_TEST(code_of(storage::upvote_reply(store, storage::format_oid(storage::new_oid()), "u").get_status()) == "not_found");
  BOOST_TEST(code_of(storage::mark_best_answer(store, "x").get_status()) == "not_found");
}

BOOST_AUTO_TEST_CASE(concurrent_replies_count_exactly) {
  auto post = make_post();
  std::atomic<int> ok{0};
  in_parallel(10, [&](int i, const storage::mongo_context& store) {
    if (storage::create_reply(store, post.id, "replier", "parallel " + std::to_string(i)).is_ok())
      ++ok;
  });
  BOOST_TEST(ok.load() == 10);
  BOOST_TEST(reply_count(post.id) == 10);
}

BOOST_AUTO_TEST_CASE(twenty_concurrent_upvotes_give_twenty) {
  auto post = make_post();
  auto reply = make_reply(post.id);
  std::atomic<int> ok{0};
  in_parallel(20, [&](int i, const storage::mongo_context& store) {
    if (storage::upvote_reply(store, reply.id, "voter-" + std::to_string(i)).is_ok())
      ++ok;
  });
  BOOST_TEST(ok.load() == 20);
  const storage::mongo_context store(ctx());
  BOOST_TEST(storage::get_reply(store, reply.id)->upvotes == 20);
  // Repeats change nothing, also when concurrent.
  auto again = storage::upvote_reply(store, reply.id, "voter-3");
  BOOST_REQUIRE(again.is_ok());
  BOOST_TEST(again.value() == 20);
  in_parallel(10, [&](int, const storage::mongo_context& s) { (void)storage::upvote_reply(s, reply.id, "voter-7"); });
  BOOST_TEST(storage::get_reply(store, reply.id)->upvotes == 20);
  // Withdraw, once.
  auto down = storage::withdraw_upvote(store, reply.id, "voter-3");
  BOOST_REQUIRE(down.is_ok());
  BOOST_TEST(down.value() == 19);
  BOOST_TEST(storage::withdraw_upvote(store, reply.id, "voter-3").value() == 19);
  BOOST_TEST(storage::withdraw_upvote(store, reply.id, "never-voted").value() == 19);
  BOOST_TEST(storage::upvote_reply(store, reply.id, "voter-3").value() == 20);  // may vote again
}

BOOST_AUTO_TEST_CASE(concurrent_best_answer_marks_leave_exactly_one) {
  auto post = make_post("the-owner");
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(make_reply(post.id, "candidate " + std::to_string(i)).id);
  const storage::mongo_context store(ctx());
  auto owner = storage::get_reply_owner(store, ids[0]);
  BOOST_REQUIRE(owner.is_ok());
  BOOST_TEST(owner->post_id == post.id);
  BOOST_TEST(owner->post_author_id == "the-owner");

  std::atomic<int> ok{0};
  in_parallel(6, [&](int i, const storage::mongo_context& s) {
    auto marked = storage::mark_best_answer(s, ids[static_cast<size_t>(i)]);
    if (marked.is_ok() && marked->is_best_answer)
      ++ok;
  });
  BOOST_TEST(ok.load() == 6);
  auto page = storage::list_replies(store, post.id, std::nullopt, 100);
  BOOST_REQUIRE(page.is_ok());
  int best = 0;
  std::string best_id;
  for (const auto& r : page->items)
    if (r.is_best_answer) {
      ++best;
      best_id = r.id;
    }
  BOOST_TEST(best == 1);
  BOOST_TEST(storage::get_post(ctx(), post.id)->best_answer_id.value_or("") == best_id);
  BOOST_TEST(storage::get_reply(store, best_id)->is_best_answer);

  // A later mark moves it.
  const std::string other = best_id == ids[0] ? ids[1] : ids[0];
  auto moved = storage::mark_best_answer(store, other);
  BOOST_REQUIRE(moved.is_ok());
  BOOST_TEST(moved->is_best_answer);
  BOOST_TEST(!storage::get_reply(store, best_id)->is_best_answer);
  BOOST_TEST(storage::get_reply(store, other)->is_best_answer);
}

BOOST_AUTO_TEST_SUITE_END()
