// The forum (CONTRACT.md, "Profiles, forum, use cases"): posts, their replies, upvotes and best
// answers, stored in MongoDB. Every route needs a bearer token. Order of checks in each
// handler: 401, then a malformed id (404), then, for owner-only writes, the resource and who
// may change it (404, 403), then the body or query (415, 400, 422), then the store. Choices
// where the contract is silent: docs/api-mongodb.md.
#include "actors/messages.hpp"
#include "actors/post_repository.hpp"
#include "actors/reply_repository.hpp"
#include "http/parse/query_params.hpp"
#include "http/parse/validate_forum.hpp"
#include "http/render/render_mongo.hpp"
#include "http/routes/guards.hpp"
#include "http/routes/owned_routes.hpp"
#include "http/routes/routes.hpp"

namespace http {

namespace {

const std::string posts_path = "/api/v1/forum/posts";

// Who may change a post: its author.
std::optional<std::string> post_author(exchange& ex, const std::string& id) {
  return ex.ask<std::string>(ex.ctx().actors.posts, actors::owner_atom::value, id);
}

void create_post(exchange& ex) {
  create_owned<storage::post>(ex, ex.ctx().actors.posts, parse_post_create, &storage::new_post::author_id, post_json,
                              posts_path);
}

void list_posts(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto q = parse_post_list_query(ex.req().params);
  if (!ex.check(q))
    return;
  const auto& v = q.value;
  // The query's validator admits only the four names parse_post_status knows.
  const auto status = v.status ? storage::parse_post_status(*v.status) : std::nullopt;
  actors::post_list_query query{{v.category, v.tag, status, v.author_id, v.q}, std::nullopt, v.page.limit};
  const auto& cursors = ex.ctx().cursors;
  if (v.page.cursor &&
      !(query.after = decode_time_cursor<storage::post_cursor>(cursors, time_list::posts, *v.page.cursor)))
    return ex.fail(invalid_cursor_error());
  if (const auto page = ex.ask<storage::post_page>(ex.ctx().actors.posts, actors::list_atom::value, query))
    ex.reply(200, page_json(page->items, post_json, encode_time_cursor(cursors, time_list::posts, page->next)));
}

void get_post(exchange& ex) { get_owned<storage::post>(ex, ex.ctx().actors.posts, post_json); }

void patch_post(exchange& ex) {
  patch_owned<storage::post>(ex, ex.ctx().actors.posts, post_author, parse_post_patch, post_json);
}

void delete_post(exchange& ex) { delete_owned(ex, ex.ctx().actors.posts, post_author); }

void create_reply(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto post_id = object_id_param(ex, 1);
  if (!post_id)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  auto req = parse_reply_create(*body);
  if (!ex.check(req))
    return;
  // not_found: no such post (404); conflict: the post is closed (409).
  const auto reply = ex.ask<storage::reply>(ex.ctx().actors.replies, actors::create_atom::value,
                                            actors::new_reply{*post_id, who->user_id, std::move(req.value.content)});
  if (reply)
    ex.reply(201, reply_json(*reply));
}

void list_replies(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto post_id = object_id_param(ex, 1);
  if (!post_id)
    return;
  const auto q = parse_page_query(ex.req().params);
  if (!ex.check(q))
    return;
  actors::reply_list_query query{*post_id, std::nullopt, q.value.limit};
  const auto& cursors = ex.ctx().cursors;
  if (q.value.cursor &&
      !(query.after = decode_time_cursor<storage::reply_cursor>(cursors, time_list::replies, *q.value.cursor)))
    return ex.fail(invalid_cursor_error());
  if (const auto page = ex.ask<storage::reply_page>(ex.ctx().actors.replies, actors::list_atom::value, query))
    ex.reply(200, page_json(page->items, reply_json, encode_time_cursor(cursors, time_list::replies, page->next)));
}

// POST and DELETE /api/v1/forum/replies/{id}/upvote: `Verb` is upvote_atom or withdraw_atom,
// both answered with the reply's exact count after the call. No body is read.
template <class Verb>
void vote(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto reply_id = object_id_param(ex, 1);
  if (!reply_id)
    return;
  if (const auto n = ex.ask<std::int64_t>(ex.ctx().actors.replies, Verb::value, *reply_id, who->user_id))
    ex.reply(200, {{"upvotes", *n}});
}

// Only the post's author marks its best answer (not an admin: the contract says "post owner").
void mark_best_answer(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto reply_id = object_id_param(ex, 1);
  if (!reply_id)
    return;
  const auto& replies = ex.ctx().actors.replies;
  const auto owner = ex.ask<storage::reply_owner>(replies, actors::owner_atom::value, *reply_id);
  if (!owner || !allow_owner(ex, *who, owner->post_author_id))
    return;
  if (const auto reply = ex.ask<storage::reply>(replies, actors::best_atom::value, *reply_id))
    ex.reply(200, reply_json(*reply));
}

}  // namespace

std::vector<route_spec> forum_routes() {
  return {
      {"POST", posts_path,
       "create a post {title, content, category, tags[], status?: draft|published}; published unless draft",
       "any user", create_post, 201},
      {"GET", posts_path,
       "posts, newest first; ?category=&tag=&status=&author_id=&q=&limit=&cursor=", "any user", list_posts},
      {"GET", "/api/v1/forum/posts/{id}", "one post", "any user", get_post},
      {"PATCH", "/api/v1/forum/posts/{id}", "change a post {title?, content?, category?, tags?, status?}",
       "owner or admin", patch_post},
      {"DELETE", "/api/v1/forum/posts/{id}", "delete a post with its replies and their votes", "owner or admin",
       delete_post, 204},
      {"POST", "/api/v1/forum/posts/{id}/replies", "reply to a post {content}; 409 when the post is closed",
       "any user", create_reply, 201},
      {"GET", "/api/v1/forum/posts/{id}/replies", "a post's replies, oldest first; ?limit=&cursor=", "any user",
       list_replies},
      {"POST", "/api/v1/forum/replies/{id}/upvote", "upvote a reply, once per user -> {upvotes}", "any user",
       vote<actors::upvote_atom>},
      {"DELETE", "/api/v1/forum/replies/{id}/upvote", "withdraw your upvote -> {upvotes}", "any user",
       vote<actors::withdraw_atom>},
      {"POST", "/api/v1/forum/replies/{id}/best-answer",
       "mark the reply as its post's one best answer (replacing any earlier one)", "post owner", mark_best_answer},
  };
}

}  // namespace http
