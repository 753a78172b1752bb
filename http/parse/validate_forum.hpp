// Request bodies of the forum (CONTRACT.md, "Profiles, forum, use cases"): posts and replies.
// Each parser takes the already parsed body and returns the plain request struct, or every
// problem it found (a 422). Pure. Posts parse straight into the store's structs (storage/model/post.hpp).
//
// Text fields are trimmed of ASCII whitespace and lengths count code points; titles and
// categories reject control characters, content allows tabs and line breaks. Tags are taken
// as sent (no trimming), must match ^[a-z0-9-]{1,32}$ and may not repeat.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/parse/validation.hpp"
#include "storage/model/post.hpp"

namespace http {

// POST /api/v1/forum/posts/{id}/replies
struct reply_create_request {
  std::string content;  // 1..20000
};

// POST /api/v1/forum/posts: title 3..200, content 1..20000, category 1..50, tags at most 10
// (absent means none), status "draft" or "published" (absent: published). The author is the
// caller's, filled in by the route.
checked<storage::new_post> parse_post_create(const nlohmann::json& body);
// PATCH /api/v1/forum/posts/{id}: the same rules, every field optional (null is refused), status
// any of the four. An empty object is a valid (empty) patch.
checked<storage::post_patch> parse_post_patch(const nlohmann::json& body);
checked<reply_create_request> parse_reply_create(const nlohmann::json& body);

}  // namespace http
