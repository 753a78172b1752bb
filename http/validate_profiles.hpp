// Request body of a member profile (CONTRACT.md, "Profiles, forum, use cases"). The parser
// takes the already parsed body and returns the plain request struct, or every problem it
// found (a 422). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/validation.hpp"
#include "storage/geo.hpp"

namespace http {

// PUT /api/v1/users/{id}/profile: a full replacement, so an absent (or null) location or bio
// means "none".
struct profile_put_request {
  std::string display_name;  // 1..100, trimmed
  std::string industry;      // 1..50, trimmed
  std::optional<storage::location> location;
  std::vector<std::string> expertise;  // at most 20 distinct items of 1..50; absent means none
  std::optional<std::string> bio;      // 0..2000, tabs and line breaks allowed
};

checked<profile_put_request> parse_profile_put(const nlohmann::json& body);

}  // namespace http
