// Replies to forum posts in the `forum_replies` collection. A plain store: every call runs on
// the caller's thread with the client of `ctx` and is bounded by its deadline.
// Thread-compatible; the consistency rules below hold across threads and processes.
//
// Documents:
//   forum_replies      {_id: ObjectId, post_id: ObjectId, author_id, content,
//                       created_at: date, updated_at: date}
//   forum_reply_votes  {_id: "<reply id hex>:<user id>", reply_id: ObjectId, post_id: ObjectId,
//                       user_id, created_at: date}
//
// Why counts are counted and not $inc'ed: FerretDB 1.24 runs an update as read, modify, write
// back, without isolation, so concurrent {$inc} or {$addToSet} on one document lose updates
// (measured on the SQLite backend: 20 concurrent $inc left 15..18). An insert with a unique
// _id, a delete, and a single-field $set are safe on both servers, so:
// - the post's reply_count is the number of its reply documents (exact under concurrency);
// - an upvote is one vote document whose _id is (reply, user): inserting it twice is a
//   duplicate key, so a user counts at most once and N concurrent distinct upvotes give N;
// - a post has at most one best answer, even under concurrent marks: it is stored once, as
//   best_answer_id on the post (one field, last mark wins), and each reply's is_best_answer is
//   derived when read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/reply.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

// Adds a reply, which raises the post's (counted) reply_count by exactly one:
//   1. read the post: absent -> not_found, closed -> conflict;
//   2. insert the reply;
//   3. re-read the post: if it was deleted meanwhile, the reply is deleted too (not_found),
//      so a concurrent post_store::remove never leaves an orphan reply.
// A post closed between steps 1 and 2 may still get this one reply: it arrived as the post
// was being closed (there is no transaction to order them on FerretDB).
// `not_found` for an unknown or malformed post id.
result<reply> create_reply(const mongo_context& ctx, std::string_view post_id, std::string_view author_id,
                           std::string_view content);

// `not_found` for an unknown or malformed id.
result<reply> get_reply(const mongo_context& ctx, std::string_view reply_id);

// The post's replies, oldest first, at most `limit` (clamped to 1..1000), strictly after
// `after` when given. `not_found` when the post does not exist; `invalid` for a cursor with a
// malformed id.
result<reply_page> list_replies(const mongo_context& ctx, std::string_view post_id, const std::optional<reply_cursor>& after,
                                int limit);

// Idempotent per user: the first upvote of `user_id` adds one, repeats change nothing.
// Returns the reply's upvotes after the call. N concurrent distinct upvotes add exactly N.
// `not_found` for an unknown or malformed reply id.
result<int64_t> upvote_reply(const mongo_context& ctx, std::string_view reply_id, std::string_view user_id);

// Withdraws the user's upvote if there was one (else changes nothing); returns the count.
result<int64_t> withdraw_upvote(const mongo_context& ctx, std::string_view reply_id, std::string_view user_id);

// The reply's post and that post's author, for the ownership check before mark_best_answer.
result<reply_owner> get_reply_owner(const mongo_context& ctx, std::string_view reply_id);

// Makes the reply its post's best answer (replacing any earlier one) and returns it with
// is_best_answer true. The caller has checked that the user owns the post (owner_of).
result<reply> mark_best_answer(const mongo_context& ctx, std::string_view reply_id);

}  // namespace storage
