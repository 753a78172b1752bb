#include "storage/mongodb/reply_store.hpp"

#include <span>
#include <utility>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/documents.hpp"
#include "storage/mongodb/keyset_page.hpp"
#include "storage/mongodb/owned_document.hpp"

namespace storage {

namespace {

// Clean-up after a lost race runs even when the caller's deadline has passed, with this budget.
constexpr std::chrono::milliseconds cleanup_budget{2000};

const owned_collection owned_replies{replies_collection, "no such reply"};
const owned_collection owned_posts{posts_collection, "no such post"};

reply to_reply(const bson_t* doc, const std::optional<std::string>& best_answer_id) {
  reply r;
  r.id = read_oid_hex(doc, "_id").value_or("");
  r.post_id = read_oid_hex(doc, "post_id").value_or("");
  r.author_id = read_string(doc, "author_id").value_or("");
  r.content = read_string(doc, "content").value_or("");
  r.is_best_answer = best_answer_id && *best_answer_id == r.id;
  r.created_at_ms = read_date_ms(doc, "created_at").value_or(0);
  r.updated_at_ms = read_date_ms(doc, "updated_at").value_or(0);
  return r;
}

// A document by _id with only `fields` (and _id); nullopt inside when it does not exist.
result<std::optional<bson_ptr>> read_by_id(const mongo_context& ctx, const char* coll,
                                           const bson_oid_t& oid, std::vector<const char*> fields) {
  bson_ptr filter = by_id(oid);
  find_options opts;
  opts.projection = std::move(fields);
  return find_one(ctx, coll, filter.get(), opts);
}

// The reply document, or not_found.
result<bson_ptr> read_reply(const mongo_context& ctx, std::string_view reply_id) {
  return owned_replies.get(ctx, reply_id);
}

// Sets upvotes of each reply from forum_reply_votes: one indexed count on {reply_id} per reply.
status count_votes(const mongo_context& ctx, std::span<reply> replies) {
  return count_per_item(ctx, reply_votes_collection, "reply_id", replies, &reply::upvotes);
}

// After an insert that hangs off `parent` in `parent_coll` (a reply off its post, a vote off its
// reply): when the parent is gone meanwhile, deletes what `filter` names from `coll` (with its
// own budget: the caller's may have passed) and answers `gone`; ok otherwise.
status undo_if_parent_gone(const mongo_context& ctx, const char* parent_coll, const bson_oid_t& parent,
                           const char* coll, const bson_t* filter, status gone) {
  auto still = read_by_id(ctx, parent_coll, parent, {"_id"});
  if (still.is_ok() && !still.value()) {
    mongo_context cleanup(ctx.client(), ctx.database(), cleanup_budget);
    (void)delete_one(cleanup, coll, filter);
    return gone;
  }
  return status::ok();
}

// A reply with its vote count and is_best_answer derived from its post.
result<reply> complete(const mongo_context& ctx, const bson_t* doc) {
  auto post_oid = parse_oid(read_oid_hex(doc, "post_id").value_or(""));
  if (!post_oid)
    return status::internal("reply without a post_id");
  auto post = read_by_id(ctx, posts_collection, *post_oid, {"best_answer_id"});
  if (!post.is_ok())
    return post.get_status();
  std::optional<std::string> best;
  if (post.value())
    best = read_oid_hex(post.value()->get(), "best_answer_id");
  reply r = to_reply(doc, best);
  if (auto st = count_votes(ctx, {&r, 1}); !st.is_ok())
    return st;
  return r;
}

// The vote of `user_id` on the reply `reply_oid`: its _id is unique per (reply, user).
std::string vote_key(const bson_oid_t& reply_oid, std::string_view user_id) {
  return format_oid(reply_oid) + ":" + std::string(user_id);
}

result<int64_t> vote_count(const mongo_context& ctx, const bson_oid_t& reply_oid) {
  bson_ptr filter = make_bson();
  append_oid(filter.get(), "reply_id", reply_oid);
  return count_documents(ctx, reply_votes_collection, filter.get());
}

// Adds or withdraws one vote, then returns the count.
result<int64_t> vote(const mongo_context& ctx, std::string_view reply_id, std::string_view user_id,
                     bool add) {
  auto reply_doc = read_reply(ctx, reply_id);
  if (!reply_doc.is_ok())
    return reply_doc.get_status();
  const bson_oid_t reply_oid = *parse_oid(reply_id);
  const std::string key = vote_key(reply_oid, user_id);
  bson_ptr key_filter = make_bson();
  append_string(key_filter.get(), "_id", key);
  if (add) {
    const auto post_oid = parse_oid(read_oid_hex(reply_doc.value().get(), "post_id").value_or(""));
    bson_ptr doc = vote_document(key, reply_oid, post_oid, user_id, now_ms());
    auto w = insert_one(ctx, reply_votes_collection, doc.get());
    if (!w.is_ok() && w.get_status().error_code() != code::conflict)  // conflict: voted before
      return w.get_status();
    // A reply deleted meanwhile (with its post) takes the new vote with it.
    if (auto st = undo_if_parent_gone(ctx, replies_collection, reply_oid, reply_votes_collection, key_filter.get(),
                                      owned_replies.not_found());
        !st.is_ok())
      return st;
  } else if (auto w = delete_one(ctx, reply_votes_collection, key_filter.get()); !w.is_ok()) {
    return w.get_status();
  }
  return vote_count(ctx, reply_oid);
}

}  // namespace

result<reply> create_reply(const mongo_context& ctx, std::string_view post_id, std::string_view author_id,
                                  std::string_view content) {
  // 1. The post must exist and not be closed.
  auto post = owned_posts.get(ctx, post_id, {"status"});
  if (!post.is_ok())
    return post.get_status();
  if (read_string(post.value().get(), "status").value_or("") == "closed")
    return status::conflict("the post is closed");
  const bson_oid_t post_oid = *parse_oid(post_id);

  // 2. Insert the reply: an atomic insert, so the counted reply_count rises by exactly one.
  reply r;
  r.post_id = format_oid(post_oid);
  r.author_id = author_id;
  r.content = content;
  auto created = owned_replies.create(ctx, std::move(r), reply_document);
  if (!created.is_ok())
    return created;

  // 3. A post deleted meanwhile takes the new reply with it.
  bson_ptr reply_filter = by_id(*parse_oid(created->id));
  if (auto st = undo_if_parent_gone(ctx, posts_collection, post_oid, replies_collection, reply_filter.get(),
                                    owned_posts.not_found());
      !st.is_ok())
    return st;
  return created;
}

result<reply> get_reply(const mongo_context& ctx, std::string_view reply_id) {
  auto doc = read_reply(ctx, reply_id);
  if (!doc.is_ok())
    return doc.get_status();
  return complete(ctx, doc.value().get());
}

result<reply_page> list_replies(const mongo_context& ctx, std::string_view post_id,
                                     const std::optional<reply_cursor>& after, int limit) {
  auto post = owned_posts.get(ctx, post_id, {"best_answer_id"});
  if (!post.is_ok())
    return post.get_status();
  const auto best = read_oid_hex(post.value().get(), "best_answer_id");

  filter_builder where;
  where.equals_oid("post_id", *parse_oid(post_id));
  auto page = created_page<reply_page>(ctx, replies_collection, where, after, /*descending=*/false, limit,
                                       [&](const bson_t* doc) { return to_reply(doc, best); });
  if (!page.is_ok())
    return page;
  if (auto counting = count_votes(ctx, page->items); !counting.is_ok())
    return counting;
  return page;
}

result<int64_t> upvote_reply(const mongo_context& ctx, std::string_view reply_id, std::string_view user_id) {
  return vote(ctx, reply_id, user_id, /*add=*/true);
}

result<int64_t> withdraw_upvote(const mongo_context& ctx, std::string_view reply_id, std::string_view user_id) {
  return vote(ctx, reply_id, user_id, /*add=*/false);
}

result<reply_owner> get_reply_owner(const mongo_context& ctx, std::string_view reply_id) {
  auto doc = read_reply(ctx, reply_id);
  if (!doc.is_ok())
    return doc.get_status();
  reply_owner out;
  out.post_id = read_oid_hex(doc.value().get(), "post_id").value_or("");
  auto post_oid = parse_oid(out.post_id);
  if (!post_oid)
    return status::internal("reply without a post_id");
  auto post = owned_posts.get(ctx, *post_oid, {"author_id"});
  if (!post.is_ok())
    return post.get_status();
  out.post_author_id = read_string(post.value().get(), "author_id").value_or("");
  return out;
}

result<reply> mark_best_answer(const mongo_context& ctx, std::string_view reply_id) {
  auto doc = read_reply(ctx, reply_id);
  if (!doc.is_ok())
    return doc.get_status();
  reply r = to_reply(doc.value().get(), std::nullopt);
  auto post_oid = parse_oid(r.post_id);
  auto reply_oid = parse_oid(r.id);
  if (!post_oid || !reply_oid)
    return status::internal("reply without ids");
  // One field on one document: concurrent marks each write the whole field, the last one wins,
  // and there is never more than one best answer.
  bson_ptr filter = by_id(*post_oid);
  bson_ptr update = make_bson();
  bson_t set;
  bson_append_document_begin(update.get(), "$set", -1, &set);
  append_oid(&set, "best_answer_id", *reply_oid);
  bson_append_document_end(update.get(), &set);
  auto w = update_one(ctx, posts_collection, filter.get(), update.get());
  if (!w.is_ok())
    return w.get_status();
  if (w->matched == 0)
    return owned_posts.not_found();
  if (auto st = count_votes(ctx, {&r, 1}); !st.is_ok())
    return st;
  r.is_best_answer = true;
  return r;
}

}  // namespace storage
