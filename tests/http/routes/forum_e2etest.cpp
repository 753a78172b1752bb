// The forum over HTTP (CONTRACT.md, "Profiles, forum, use cases"): posts, replies, upvotes and
// best answers, against the real binary and the stack's stores.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include "support/auth_fixture.hpp"
#include "support/clock_wait.hpp"

using nlohmann::json;
using test_env::check_error;
using test_env::check_invalid_field;

namespace {

const std::string posts_path = "/api/v1/forum/posts";
const std::string missing_id = "0123456789abcdef01234567";

std::string post_path(const std::string& id) { return posts_path + "/" + id; }
std::string replies_path(const std::string& post_id) { return post_path(post_id) + "/replies"; }
std::string reply_path(const std::string& reply_id, const std::string& verb) {
  return "/api/v1/forum/replies/" + reply_id + "/" + verb;
}

json post_body(const std::string& category, const std::string& title = "A post title") {
  return {{"title", title}, {"content", "Some content"}, {"category", category}, {"tags", {"opc-ua", "iiot"}}};
}

std::set<std::string> keys_of(const json& o) {
  std::set<std::string> out;
  for (const auto& [k, v] : o.items())
    out.insert(k);
  return out;
}

std::vector<std::string> ids_of(const json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"])
    out.push_back(item["id"].get<std::string>());
  return out;
}

struct forum_fixture : test_env::api_fixture {
  std::string make_post(const std::string& token, json body = {}) {
    if (body.is_null())
      body = post_body(auth.run_id());
    auto r = api.post(posts_path, body, token);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return r.body["id"].get<std::string>();
  }
  std::string make_reply(const std::string& token, const std::string& post_id, const std::string& text = "A reply") {
    auto r = api.post(replies_path(post_id), {{"content", text}}, token);
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return r.body["id"].get<std::string>();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(forum_e2e, forum_fixture)

BOOST_AUTO_TEST_CASE(a_created_post_is_published_unless_draft_and_any_user_reads_it) {
  const auto ada = auth.user();
  const auto bob = auth.user();
  auto r = api.post(posts_path, post_body(auth.run_id(), "  Hello forum  "), ada.token);
  BOOST_TEST(r.status == 201, r.body.dump());
  const auto& p = r.body;
  BOOST_TEST(keys_of(p) == (std::set<std::string>{"id", "author_id", "title", "content", "category", "tags", "status",
                                                  "reply_count", "created_at", "updated_at"}));
  BOOST_TEST(p["id"].get<std::string>().size() == 24u);
  BOOST_TEST(p["author_id"] == ada.id);
  BOOST_TEST(p["title"] == "Hello forum");
  BOOST_TEST(p["tags"] == json({"opc-ua", "iiot"}));
  BOOST_TEST(p["status"] == "published");
  BOOST_TEST(p["reply_count"] == 0);
  BOOST_TEST(p["created_at"] == p["updated_at"]);
  BOOST_TEST(r.header("Location") == post_path(p["id"].get<std::string>()));
  BOOST_TEST(api.get(post_path(p["id"].get<std::string>()), bob.token).body == p);

  auto body = post_body(auth.run_id());
  body["status"] = "draft";
  BOOST_TEST(api.post(posts_path, body, ada.token).body["status"] == "draft");
}

BOOST_AUTO_TEST_CASE(bad_post_bodies_are_rejected_and_nothing_is_written) {
  const auto ada = auth.user();
  const auto good = post_body(auth.run_id());
  check_error(api.post(posts_path, good), 401, "unauthenticated");
  check_error(api.send("POST", posts_path, good.dump(), "text/plain", ada.token), 415, "unsupported_media_type");
  check_error(api.send("POST", posts_path, "{\"title\":", "application/json", ada.token), 400, "malformed_json");
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"title", {{"$gt", ""}}}}, "title"},
      {{{"tags", json::array({{{"$ne", 1}}})}}, "tags[0]"},
      {{{"tags", {"UPPER"}}}, "tags[0]"},
      {{{"tags", "iiot"}}, "tags"},
      {{{"author_id", ada.id}}, "author_id"},
      {{{"reply_count", 7}}, "reply_count"},
      {{{"status", "closed"}}, "status"},
      {{{"content", 5}}, "content"},
      {{{"title", "ab"}}, "title"},
      {{{"$where", "1"}}, "$where"},
  };
  for (const auto& [patch, field] : cases) {
    auto body = good;
    body.update(patch);
    check_invalid_field(api.post(posts_path, body, ada.token), field, patch.dump());
  }
  auto empty = api.post(posts_path, json::object(), ada.token);
  for (const char* field : {"title", "content", "category"})
    check_invalid_field(empty, field, "missing fields");
  BOOST_TEST(api.get(posts_path + "?author_id=" + ada.id, ada.token).body["items"] == json::array());
}

BOOST_AUTO_TEST_CASE(malformed_or_missing_ids_are_404) {
  const auto ada = auth.user();
  const auto post_id = make_post(ada.token);
  const auto reply_id = make_reply(ada.token, post_id);
  for (const auto& id : {std::string("nope"), missing_id, missing_id + "0", "zz" + missing_id.substr(2)}) {
    check_error(api.get(post_path(id), ada.token), 404, "not_found", "GET post " + id);
    check_error(api.patch(post_path(id), {{"title", "New title"}}, ada.token), 404, "not_found", "PATCH " + id);
    check_error(api.del(post_path(id), ada.token), 404, "not_found", "DELETE " + id);
    check_error(api.post(replies_path(id), {{"content", "x"}}, ada.token), 404, "not_found", "reply to " + id);
    check_error(api.get(replies_path(id), ada.token), 404, "not_found", "replies of " + id);
    for (const char* verb : {"upvote", "best-answer"})
      check_error(api.post(reply_path(id, verb), json::object(), ada.token), 404, "not_found", verb + (" " + id));
    check_error(api.del(reply_path(id, "upvote"), ada.token), 404, "not_found", "withdraw " + id);
  }
  BOOST_TEST(api.get(post_path(post_id), ada.token).status == 200);
  BOOST_TEST(api.post(reply_path(reply_id, "upvote"), json::object(), ada.token).status == 200);
}

BOOST_AUTO_TEST_CASE(only_the_owner_or_an_admin_changes_or_deletes_a_post) {
  const auto owner = auth.user();
  const auto other = auth.user();
  const auto admin = auth.admin();
  const auto id = make_post(owner.token);
  const json change = {{"title", "Changed title"}};
  check_error(api.patch(post_path(id), change), 401, "unauthenticated", "anonymous PATCH");
  check_error(api.patch(post_path(id), change, other.token), 403, "forbidden", "other PATCH");
  check_error(api.patch(post_path(id), {{"title", 5}}, other.token), 403, "forbidden", "403 before validation");
  check_error(api.del(post_path(id)), 401, "unauthenticated", "anonymous DELETE");
  check_error(api.del(post_path(id), other.token), 403, "forbidden", "other DELETE");
  BOOST_TEST(api.get(post_path(id), other.token).body["title"] == "A post title");

  BOOST_TEST(api.patch(post_path(id), change, owner.token).body["title"] == "Changed title");
  auto by_admin = api.patch(post_path(id), {{"status", "archived"}}, admin.token);
  BOOST_TEST(by_admin.status == 200);
  BOOST_TEST(by_admin.body["status"] == "archived");
  BOOST_TEST(by_admin.body["author_id"] == owner.id, "an admin's change keeps the author");

  BOOST_TEST(api.del(post_path(id), owner.token).status == 204);
  check_error(api.get(post_path(id), owner.token), 404, "not_found", "deleted by its owner");
  const auto second = make_post(owner.token);
  BOOST_TEST(api.del(post_path(second), admin.token).status == 204);
  check_error(api.get(post_path(second), owner.token), 404, "not_found", "deleted by an admin");
}

BOOST_AUTO_TEST_CASE(patch_changes_only_what_is_sent) {
  const auto ada = auth.user();
  const auto id = make_post(ada.token);
  const auto before = api.get(post_path(id), ada.token).body;
  auto same = api.patch(post_path(id), json::object(), ada.token);
  BOOST_TEST(same.status == 200);
  BOOST_TEST(same.body == before, "an empty patch changes nothing");
  // Stamps are milliseconds: once the clock has passed the last one, a change's is later.
  test_env::wait_for_clock_past(before["updated_at"]);
  auto tagged = api.patch(post_path(id), {{"tags", {"edge"}}, {"status", "closed"}}, ada.token);
  BOOST_TEST(tagged.body["tags"] == json({"edge"}));
  BOOST_TEST(tagged.body["status"] == "closed");
  BOOST_TEST(tagged.body["title"] == before["title"]);
  BOOST_TEST(tagged.body["created_at"] == before["created_at"]);
  BOOST_TEST(tagged.body["updated_at"] > before["updated_at"], "a change moves updated_at");
  check_invalid_field(api.patch(post_path(id), {{"status", "gone"}}, ada.token), "status");
  check_invalid_field(api.patch(post_path(id), {{"title", nullptr}}, ada.token), "title");
  check_invalid_field(api.patch(post_path(id), {{"title", {{"$gt", ""}}}}, ada.token), "title");
  check_invalid_field(api.patch(post_path(id), {{"author_id", ada.id}}, ada.token), "author_id");
  check_error(api.send("PATCH", post_path(id), "{}", "text/plain", ada.token), 415, "unsupported_media_type");
  BOOST_TEST(api.get(post_path(id), ada.token).body == tagged.body);
}

BOOST_AUTO_TEST_CASE(replies_count_come_oldest_first_stop_at_closed_and_go_with_their_post) {
  const auto owner = auth.user();
  const auto bob = auth.user();
  const auto id = make_post(owner.token);
  auto first = api.post(replies_path(id), {{"content", "  First\nreply "}}, bob.token);
  BOOST_TEST(first.status == 201, first.body.dump());
  BOOST_TEST(keys_of(first.body) == (std::set<std::string>{"id", "post_id", "author_id", "content", "upvotes",
                                                           "is_best_answer", "created_at", "updated_at"}));
  BOOST_TEST(first.body["post_id"] == id);
  BOOST_TEST(first.body["author_id"] == bob.id);
  BOOST_TEST(first.body["content"] == "First\nreply");
  BOOST_TEST(first.body["upvotes"] == 0);
  BOOST_TEST(first.body["is_best_answer"] == false);
  const auto second = make_reply(owner.token, id, "Second");
  BOOST_TEST(api.get(post_path(id), bob.token).body["reply_count"] == 2);

  auto page1 = api.get(replies_path(id) + "?limit=1", bob.token);
  BOOST_TEST(ids_of(page1.body) == std::vector<std::string>{first.body["id"].get<std::string>()});
  BOOST_REQUIRE(page1.body["next_cursor"].is_string());
  auto page2 = api.get(replies_path(id) + "?limit=1&cursor=" + test_env::url_encode(page1.body["next_cursor"].get<std::string>()), bob.token);
  BOOST_TEST(ids_of(page2.body) == std::vector<std::string>{second});
  BOOST_TEST(page2.body["next_cursor"].is_null());

  check_error(api.post(replies_path(id), {{"content", "x"}}), 401, "unauthenticated");
  check_error(api.send("POST", replies_path(id), "{}", "text/plain", bob.token), 415, "unsupported_media_type");
  check_invalid_field(api.post(replies_path(id), {{"content", {{"$gt", ""}}}}, bob.token), "content");
  check_invalid_field(api.post(replies_path(id), {{"content", " "}}, bob.token), "content");
  check_invalid_field(api.post(replies_path(id), {{"content", "x"}, {"upvotes", 9}}, bob.token), "upvotes");
  for (const std::string q : {"limit=0", "cursor=abc", "sort=new"})
    check_error(api.get(replies_path(id) + "?" + q, bob.token), 400, "bad_request", q);

  BOOST_REQUIRE(api.patch(post_path(id), {{"status", "closed"}}, owner.token).status == 200);
  check_error(api.post(replies_path(id), {{"content", "too late"}}, bob.token), 409, "conflict", "closed post");
  BOOST_TEST(api.get(post_path(id), bob.token).body["reply_count"] == 2);

  BOOST_TEST(api.del(post_path(id), owner.token).status == 204);
  check_error(api.get(replies_path(id), bob.token), 404, "not_found", "replies of a deleted post");
  check_error(api.post(reply_path(second, "upvote"), json::object(), bob.token), 404, "not_found", "its replies went too");
}

BOOST_AUTO_TEST_CASE(twenty_concurrent_distinct_upvotes_count_twenty_and_repeats_change_nothing) {
  const auto owner = auth.user();
  const auto voters = auth.users(20);
  const auto post = make_post(owner.token);
  const auto reply = make_reply(owner.token, post);
  std::vector<int> statuses(voters.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < voters.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = api.post(reply_path(reply, "upvote"), json::object(), voters[i].token).status; });
  for (auto& t : threads)
    t.join();
  BOOST_TEST(std::count(statuses.begin(), statuses.end(), 200) == 20);
  auto again = api.send("POST", reply_path(reply, "upvote"), "", "", voters[0].token);  // no body at all
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.body == json({{"upvotes", 20}}));
  BOOST_TEST(api.del(reply_path(reply, "upvote"), voters[0].token).body == json({{"upvotes", 19}}));
  BOOST_TEST(api.del(reply_path(reply, "upvote"), voters[0].token).body == json({{"upvotes", 19}}), "no vote to withdraw");
  BOOST_TEST(api.del(reply_path(reply, "upvote"), owner.token).body == json({{"upvotes", 19}}));
  check_error(api.post(reply_path(reply, "upvote"), json::object()), 401, "unauthenticated");
  check_error(api.del(reply_path(reply, "upvote")), 401, "unauthenticated");
  BOOST_TEST(api.get(replies_path(post), owner.token).body["items"][0]["upvotes"] == 19);
}

// reply_count rises by one per reply, atomically (CONTRACT.md): twenty replies sent at once,
// by twenty users, each on its own connection, count exactly twenty, and twenty are listed.
BOOST_AUTO_TEST_CASE(twenty_concurrent_replies_over_http_count_twenty) {
  const auto owner = auth.user();
  const auto repliers = auth.users(20);
  const auto post = make_post(owner.token);
  std::vector<int> statuses(repliers.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < repliers.size(); ++i)
    threads.emplace_back([&, i] {
      statuses[i] = api.post(replies_path(post), {{"content", "reply " + std::to_string(i)}}, repliers[i].token).status;
    });
  for (auto& t : threads)
    t.join();
  BOOST_TEST(std::count(statuses.begin(), statuses.end(), 201) == 20);
  BOOST_TEST(api.get(post_path(post), owner.token).body["reply_count"] == 20);
  auto listed = api.get(replies_path(post) + "?limit=100", owner.token);
  BOOST_REQUIRE_MESSAGE(listed.status == 200, listed.body.dump());
  BOOST_TEST(listed.body["items"].size() == 20u);
}

BOOST_AUTO_TEST_CASE(only_the_post_owner_marks_the_one_best_answer) {
  const auto owner = auth.user();
  const auto replier = auth.user();
  const auto admin = auth.admin();
  const auto id = make_post(owner.token);
  const auto a = make_reply(replier.token, id, "Answer A");
  const auto b = make_reply(replier.token, id, "Answer B");
  check_error(api.post(reply_path(a, "best-answer"), json::object()), 401, "unauthenticated");
  check_error(api.post(reply_path(a, "best-answer"), json::object(), replier.token), 403, "forbidden", "reply author");
  check_error(api.post(reply_path(a, "best-answer"), json::object(), admin.token), 403, "forbidden", "admin");
  auto marked = api.post(reply_path(a, "best-answer"), json::object(), owner.token);
  BOOST_TEST(marked.status == 200, marked.body.dump());
  BOOST_TEST(marked.body["id"] == a);
  BOOST_TEST(marked.body["is_best_answer"] == true);
  BOOST_TEST(api.post(reply_path(b, "best-answer"), json::object(), owner.token).body["is_best_answer"] == true);
  auto listed = api.get(replies_path(id), owner.token).body["items"];
  BOOST_REQUIRE(listed.size() == 2u);
  BOOST_TEST(listed[0]["is_best_answer"] == false, "marking B unmarked A");
  BOOST_TEST(listed[1]["is_best_answer"] == true);
}

BOOST_AUTO_TEST_CASE(pages_never_repeat_or_skip_while_posts_are_added) {
  const auto ada = auth.user();
  const auto category = auth.run_id() + "-paging";
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i)
    made.push_back(make_post(ada.token, post_body(category, "Post " + std::to_string(i))));
  const std::string base = posts_path + "?limit=2&category=" + category;
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = api.get(base + (cursor.empty() ? "" : "&cursor=" + test_env::url_encode(cursor)), ada.token);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body.dump());
    for (const auto& id : ids_of(r.body))
      seen.push_back(id);
    make_post(ada.token, post_body(category, "Added between pages"));  // newer than any cursor
    if (r.body["next_cursor"].is_null())
      break;
    cursor = r.body["next_cursor"].get<std::string>();
  }
  std::reverse(made.begin(), made.end());
  BOOST_TEST(seen == made, "exactly the first five, newest first");
  BOOST_TEST(ids_of(api.get(base, ada.token).body).size() == 2u);
}

BOOST_AUTO_TEST_CASE(filters_match_and_bad_queries_are_400) {
  const auto ada = auth.user();
  const auto bob = auth.user();
  const auto cat = auth.run_id() + "-filters";
  auto draft = post_body(cat, "Draft about Robots");
  draft["status"] = "draft";
  draft["tags"] = {"robots"};
  const auto d = make_post(ada.token, draft);
  const auto p = make_post(bob.token, post_body(cat, "Published note"));
  const auto list = [&](const std::string& q) { return ids_of(api.get(posts_path + "?category=" + cat + q, ada.token).body); };
  BOOST_TEST(list("") == (std::vector<std::string>{p, d}));
  BOOST_TEST(list("&tag=robots") == std::vector<std::string>{d});
  BOOST_TEST(list("&status=draft") == std::vector<std::string>{d});
  BOOST_TEST(list("&author_id=" + bob.id) == std::vector<std::string>{p});
  BOOST_TEST(list("&q=rOBOTS") == std::vector<std::string>{d}, "q is case-insensitive in the title");
  BOOST_TEST(list("&q=some%20CONTENT").size() == 2u, "q matches the content too");
  BOOST_TEST(list("&q=.%2A").empty(), "q is literal text, not a pattern");
  check_error(api.get(posts_path), 401, "unauthenticated");
  for (const std::string q : {"limit=0", "limit=101", "limit=x", "cursor=garbage", "status=gone", "author_id=nope",
                              "tag=UPPER", "category=", "foo=1", "category=a&category=b", "q="})
    check_error(api.get(posts_path + "?" + q, ada.token), 400, "bad_request", q);
}

BOOST_AUTO_TEST_SUITE_END()
