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

#include "storage/mongo_collections.hpp"
#include "storage/mongo_ops.hpp"
#include "storage/status.hpp"

namespace storage {

enum class post_status { draft, published, closed, archived };

std::string_view to_string(post_status s);
// nullopt for anything but the four names.
std::optional<post_status> parse_post_status(std::string_view s);

struct post {
  std::string id;  // 24 hex
  std::string author_id;
  std::string title;
  std::string content;
  std::string category;
  std::vector<std::string> tags;
  post_status status = post_status::published;
  int64_t reply_count = 0;  // counted, not stored
  std::optional<std::string> best_answer_id;  // 24 hex, the reply marked best
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct new_post {
  std::string author_id;
  std::string title;
  std::string content;
  std::string category;
  std::vector<std::string> tags;
  post_status status = post_status::published;
};

// A partial update: only the fields given change.
struct post_patch {
  std::optional<std::string> title;
  std::optional<std::string> content;
  std::optional<std::string> category;
  std::optional<std::vector<std::string>> tags;
  std::optional<post_status> status;
  bool empty() const { return !title && !content && !category && !tags && !status; }
};

struct post_filter {
  std::optional<std::string> category;
  std::optional<std::string> tag;
  std::optional<post_status> status;
  std::optional<std::string> author_id;
  std::optional<std::string> q;  // case-insensitive substring of the title or the content
};

// A keyset position: the (created_at, id) of the last post of a page.
struct post_cursor {
  int64_t created_at_ms = 0;
  std::string id;
};

// Newest first (created_at desc, _id desc). `next` is set when more may follow.
struct post_page {
  std::vector<post> items;
  std::optional<post_cursor> next;
};

class post_store {
public:
  explicit post_store(const mongo_context& ctx) : ctx_(ctx) {}

  result<post> create(const new_post& p);

  // `not_found` for an unknown or malformed id.
  result<post> get(std::string_view id);

  // Posts matching every given filter, newest first, at most `limit` (clamped to 1..1000),
  // strictly after `after` when given. Posts inserted between pages are newer than any cursor,
  // so a page never repeats or skips one. A cursor with a malformed id, or a `q` holding a NUL,
  // is `invalid`.
  result<post_page> list(const post_filter& filter, const std::optional<post_cursor>& after,
                         int limit);

  // Applies `patch` and sets updated_at; returns the post after the change. An empty patch
  // changes nothing and returns the post. `not_found` for an unknown or malformed id.
  result<post> update(std::string_view id, const post_patch& patch);

  // Deletes the post, then its replies, then their votes. There are no transactions on
  // FerretDB, so the order is what keeps the data whole: once the post is gone no reply can be
  // added to it (reply_store checks the post before inserting and re-checks it after, deleting
  // its reply when the post has gone), so deleting the replies second leaves no orphans; votes
  // likewise re-check their reply. If a later step fails the call fails; a retry finds no post
  // (`not_found`) but still deletes whatever was left behind.
  status remove(std::string_view id);

  // The author of the post, for ownership checks. `not_found` as for get().
  result<std::string> author_of(std::string_view id);

private:
  mongo_context ctx_;
};

}  // namespace storage
