// Forum replies, as the MongoDB store (storage/mongodb/reply_store.hpp) gives and takes them. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace storage {

struct reply {
  std::string id;       // 24 hex
  std::string post_id;  // 24 hex
  std::string author_id;
  std::string content;
  int64_t upvotes = 0;  // counted from forum_reply_votes
  bool is_best_answer = false;  // derived: id == the post's best_answer_id
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct reply_cursor {
  int64_t created_at_ms = 0;
  std::string id;
};

// Oldest first (created_at asc, _id asc). `next` is set when more may follow.
struct reply_page {
  std::vector<reply> items;
  std::optional<reply_cursor> next;
};

// Who may mark a reply as the best answer: the author of its post.
struct reply_owner {
  std::string post_id;
  std::string post_author_id;
};

}  // namespace storage
