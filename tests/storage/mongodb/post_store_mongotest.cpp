// post_store against the real server. Every post carries this run's token as its category and
// is deleted at the end, with its replies.
#include <boost/test/unit_test.hpp>

#include <set>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "support/clock_wait.hpp"
#include "support/mongo_scratch.hpp"

namespace {

using namespace std::chrono_literals;

using mongo_test::code_of;

struct post_fixture : mongo_test::scratch {
  std::string category = "cat-" + token;

  storage::new_post sample(const std::string& title, const std::string& content = "body") const {
    return {"author-" + token, title, content, category, {"plc", "safety"}, storage::post_status::published};
  }
  storage::post make(const std::string& title, const std::string& content = "body") {
    auto p = storage::create_post(ctx(), sample(title, content));
    BOOST_REQUIRE_MESSAGE(p.is_ok(), p.get_status().to_string());
    return p.value();
  }
  std::vector<std::string> all_ids(const storage::post_filter& f, int page_size) {
    std::vector<std::string> ids;
    std::optional<storage::post_cursor> after;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = storage::list_posts(ctx(), f, after, page_size);
      BOOST_REQUIRE_MESSAGE(page.is_ok(), page.get_status().to_string());
      for (const auto& p : page->items)
        ids.push_back(p.id);
      if (!page->next)
        break;
      after = page->next;
    }
    return ids;
  }
  ~post_fixture() {
    std::vector<std::string> ids = all_ids(storage::post_filter{category, {}, {}, {}, {}}, 100);
    for (const auto& id : ids)
      (void)storage::delete_post(ctx(), id);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_post_store, post_fixture)

BOOST_AUTO_TEST_CASE(create_get_update) {
  const storage::mongo_context store(ctx());
  auto p = make("Hello PLC world", "Ladder logic");
  BOOST_TEST(p.id.size() == 24u);
  BOOST_TEST(p.reply_count == 0);
  auto got = storage::get_post(store, p.id);
  BOOST_REQUIRE(got.is_ok());
  BOOST_TEST(got->title == "Hello PLC world");
  BOOST_TEST(storage::to_string(got->status) == "published");
  BOOST_TEST((got->tags == std::vector<std::string>{"plc", "safety"}));
  BOOST_TEST(got->created_at_ms == p.created_at_ms);
  BOOST_TEST(!got->best_answer_id.has_value());

  storage::post_patch patch;
  patch.title = "Renamed";
  patch.status = storage::post_status::closed;
  // Stamps are milliseconds: once the clock has passed the first one, an update's is later.
  test_env::wait_for_clock_past_ms(p.updated_at_ms);
  auto updated = storage::update_post(store, p.id, patch);
  BOOST_REQUIRE(updated.is_ok());
  BOOST_TEST(updated->title == "Renamed");
  BOOST_TEST(updated->content == "Ladder logic");  // untouched
  BOOST_TEST(storage::to_string(updated->status) == "closed");
  BOOST_TEST(updated->updated_at_ms > p.updated_at_ms, "an update moves updated_at");
  test_env::wait_for_clock_past_ms(updated->updated_at_ms);
  auto same = storage::update_post(store, p.id, storage::post_patch{});
  BOOST_REQUIRE(same.is_ok());
  BOOST_TEST(same->title == "Renamed");
  BOOST_TEST(same->updated_at_ms == updated->updated_at_ms, "an empty patch changes nothing");
  auto author = storage::get_post_author(store, p.id);
  BOOST_REQUIRE(author.is_ok());
  BOOST_TEST(author.value() == "author-" + token);
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_ids_are_not_found) {
  const storage::mongo_context store(ctx());
  const std::string unknown = storage::format_oid(storage::new_oid());
  for (const std::string& id : {unknown, std::string("nope"), std::string("{\"$gt\":\"\"}"), std::string()}) {
    BOOST_TEST_CONTEXT(id) {
      BOOST_TEST(code_of(storage::get_post(store, id).get_status()) == "not_found");
      BOOST_TEST(code_of(storage::update_post(store, id, storage::post_patch{std::string("x"), {}, {}, {}, {}}).get_status()) == "not_found");
      BOOST_TEST(code_of(storage::delete_post(store, id)) == "not_found");
      BOOST_TEST(code_of(storage::get_post_author(store, id).get_status()) == "not_found");
    }
  }
}

BOOST_AUTO_TEST_CASE(filters_and_case_insensitive_text) {
  const storage::mongo_context store(ctx());
  auto a = make("Modbus gateway", "Talks to a PLC");
  auto b = make("OPC UA server", "uses modbus too");
  auto c = make("Price is 5.00 (net)", "regex chars .* here");
  storage::post_patch draft;
  draft.status = storage::post_status::draft;
  draft.tags = std::vector<std::string>{"mqtt"};
  BOOST_REQUIRE(storage::update_post(store, c.id, draft).is_ok());

  auto with = [&](auto change) {
    storage::post_filter f{category, {}, {}, {}, {}};
    change(f);
    auto ids = all_ids(f, 10);
    return std::set<std::string>(ids.begin(), ids.end());
  };
  using ids = std::set<std::string>;
  BOOST_TEST((with([](auto&) {}) == ids{a.id, b.id, c.id}));
  BOOST_TEST((with([](auto& f) { f.q = "MODBUS"; }) == ids{a.id, b.id}));  // title or content
  BOOST_TEST((with([](auto& f) { f.q = "plc"; }) == ids{a.id}));
  BOOST_TEST((with([](auto& f) { f.q = "5.00 (net)"; }) == ids{c.id}));  // metacharacters are literal
  BOOST_TEST((with([](auto& f) { f.q = ".*"; }) == ids{c.id}));
  BOOST_TEST((with([](auto& f) { f.q = "5x00"; }) == ids{}));  // '.' is not a wildcard
  BOOST_TEST((with([](auto& f) { f.tag = "mqtt"; }) == ids{c.id}));
  BOOST_TEST((with([](auto& f) { f.tag = "plc"; }) == ids{a.id, b.id}));
  BOOST_TEST((with([](auto& f) { f.status = storage::post_status::draft; }) == ids{c.id}));
  BOOST_TEST((with([&](auto& f) { f.author_id = "author-" + token; }) == ids{a.id, b.id, c.id}));
  BOOST_TEST((with([](auto& f) { f.author_id = "someone else"; }) == ids{}));
  auto nul = storage::list_posts(store, {category, {}, {}, {}, std::string("a\0b", 3)}, std::nullopt, 10);
  BOOST_TEST(code_of(nul.get_status()) == "invalid");
  auto bad_cursor = storage::list_posts(store, {category, {}, {}, {}, {}}, storage::post_cursor{1, "zz"}, 10);
  BOOST_TEST(code_of(bad_cursor.get_status()) == "invalid");
}

BOOST_AUTO_TEST_CASE(pages_neither_repeat_nor_skip_when_posts_arrive) {
  std::vector<std::string> original;
  for (int i = 0; i < 7; ++i)
    original.push_back(make("post " + std::to_string(i)).id);
  // Five more with one identical created_at, so the _id tie-breaker is exercised.
  const int64_t same_ms = storage::now_ms() - 60000;
  std::vector<std::string> tied;
  for (int i = 0; i < 5; ++i) {
    auto oid = storage::new_oid();
    auto doc = storage::make_bson();
    storage::append_oid(doc.get(), "_id", oid);
    storage::append_string(doc.get(), "author_id", "author-" + token);
    storage::append_string(doc.get(), "title", "tied");
    storage::append_string(doc.get(), "content", "x");
    storage::append_string(doc.get(), "category", category);
    storage::append_strings(doc.get(), "tags", {});
    storage::append_string(doc.get(), "status", "published");
    storage::append_int64(doc.get(), "reply_count", 0);
    storage::append_date_ms(doc.get(), "created_at", same_ms);
    storage::append_date_ms(doc.get(), "updated_at", same_ms);
    BOOST_REQUIRE(storage::insert_one(ctx(), storage::posts_collection, doc.get()).is_ok());
    tied.push_back(storage::format_oid(oid));
  }
  storage::post_filter f{category, {}, {}, {}, {}};
  const storage::mongo_context store(ctx());
  std::vector<std::string> seen;
  std::optional<storage::post_cursor> after;
  int pages = 0;
  for (; pages < 20; ++pages) {
    auto page = storage::list_posts(store, f, after, 3);
    BOOST_REQUIRE(page.is_ok());
    for (const auto& p : page->items)
      seen.push_back(p.id);
    if (pages == 0)
      for (int i = 0; i < 3; ++i)
        make("late arrival " + std::to_string(i));  // newer than every cursor
    if (!page->next)
      break;
    after = page->next;
  }
  // Newest first: the 7 in reverse creation order, then the 5 tied ones by _id descending.
  std::vector<std::string> expected(original.rbegin(), original.rend());
  expected.insert(expected.end(), tied.rbegin(), tied.rend());
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
  BOOST_TEST(pages == 3);  // 12 items, 3 a page: the fourth page is the last
}

BOOST_AUTO_TEST_CASE(remove_takes_the_replies_along) {
  auto p = make("with replies");
  const storage::mongo_context replies(ctx());
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(storage::create_reply(replies, p.id, "replier", "answer " + std::to_string(i)).is_ok());
  BOOST_TEST(storage::get_post(ctx(), p.id)->reply_count == 3);
  BOOST_REQUIRE(storage::delete_post(ctx(), p.id).is_ok());
  BOOST_TEST(code_of(storage::get_post(ctx(), p.id).get_status()) == "not_found");
  BOOST_TEST(code_of(storage::list_replies(replies, p.id, std::nullopt, 10).get_status()) == "not_found");
  auto left = storage::make_bson();
  storage::append_oid(left.get(), "post_id", *storage::parse_oid(p.id));
  auto orphan = storage::find_one(ctx(), storage::replies_collection, left.get());
  BOOST_REQUIRE(orphan.is_ok());
  BOOST_TEST(!orphan.value().has_value());
  BOOST_TEST(code_of(storage::delete_post(ctx(), p.id)) == "not_found");
}

BOOST_AUTO_TEST_SUITE_END()
