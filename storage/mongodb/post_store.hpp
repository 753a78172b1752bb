// Forum posts in the `forum_posts` collection. A plain store: every call runs on the caller's
// thread with the client of `ctx` and is bounded by its deadline. Thread-compatible.
//
// Document: {_id: ObjectId, author_id, title, content, category, tags: [..], status,
// best_answer_id?: ObjectId, created_at: date, updated_at: date}.
// best_answer_id is written only by reply_store. reply_count is not stored: it is counted from
// forum_replies when a post is read (one indexed count per post), because FerretDB 1.24 applies
// concurrent $inc updates to one document non-atomically and loses some (measured: 20
// concurrent {$inc: 1} left 15..18). An insert is atomic on both servers, so the count of
// reply documents is exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/post.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

result<post> create_post(const mongo_context& ctx, const new_post& p);

// `not_found` for an unknown or malformed id.
result<post> get_post(const mongo_context& ctx, std::string_view id);

// Posts matching every given filter, newest first, at most `limit` (clamped to 1..1000),
// strictly after `after` when given. Posts inserted between pages are newer than any cursor,
// so a page never repeats or skips one. A cursor with a malformed id, or a `q` holding a NUL,
// is `invalid`.
result<post_page> list_posts(const mongo_context& ctx, const post_filter& filter, const std::optional<post_cursor>& after,
                             int limit);

// Applies `patch` and sets updated_at; returns the post after the change. An empty patch
// changes nothing and returns the post. `not_found` for an unknown or malformed id.
result<post> update_post(const mongo_context& ctx, std::string_view id, const post_patch& patch);

// Deletes the post, then its replies, then their votes. There are no transactions on
// FerretDB, so the order is what keeps the data whole: once the post is gone no reply can be
// added to it (reply_store checks the post before inserting and re-checks it after, deleting
// its reply when the post has gone), so deleting the replies second leaves no orphans; votes
// likewise re-check their reply. If a later step fails the call fails; a retry finds no post
// (`not_found`) but still deletes whatever was left behind.
status delete_post(const mongo_context& ctx, std::string_view id);

// The author of the post, for ownership checks. `not_found` as for get().
result<std::string> get_post_author(const mongo_context& ctx, std::string_view id);

}  // namespace storage
