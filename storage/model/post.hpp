// Forum posts, as the MongoDB store (storage/mongodb/post_store.hpp) gives and takes them. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace storage
