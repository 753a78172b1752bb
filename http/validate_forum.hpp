// Request bodies of the forum (CONTRACT.md, "Profiles, forum, use cases"): posts and replies.
// Each parser takes the already parsed body and returns the plain request struct, or every
// problem it found (a 422). Pure.
//
// Text fields are trimmed of ASCII whitespace and lengths count code points; titles and
// categories reject control characters, content allows tabs and line breaks. Tags are taken
// as sent (no trimming), must match ^[a-z0-9-]{1,32}$ and may not repeat.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/validation.hpp"

namespace http {

// POST /api/v1/forum/posts
struct post_create_request {
  std::string title;     // 3..200
  std::string content;   // 1..20000
  std::string category;  // 1..50
  std::vector<std::string> tags;  // at most 10; absent means none
  std::string status = "published";  // "draft" or "published"
};

// PATCH /api/v1/forum/posts/{id}: nullopt means "not sent"; null is refused.
struct post_patch_request {
  std::optional<std::string> title;
  std::optional<std::string> content;
  std::optional<std::string> category;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> status;  // draft | published | closed | archived

  bool empty() const { return !title && !content && !category && !tags && !status; }
};

// POST /api/v1/forum/posts/{id}/replies
struct reply_create_request {
  std::string content;  // 1..20000
};

checked<post_create_request> parse_post_create(const nlohmann::json& body);
// An empty object is a valid (empty) patch.
checked<post_patch_request> parse_post_patch(const nlohmann::json& body);
checked<reply_create_request> parse_reply_create(const nlohmann::json& body);

}  // namespace http
