// Request body of a member profile (CONTRACT.md, "Profiles, forum, use cases"). The parser
// takes the already parsed body and returns the store's struct (storage/model/profile.hpp), or
// every problem it found (a 422). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/parse/validation.hpp"
#include "storage/model/profile.hpp"

namespace http {

// PUT /api/v1/users/{id}/profile: a full replacement, so an absent (or null) location or bio
// means "none". display_name 1..100 and industry 1..50 (trimmed), expertise at most 20 distinct
// items of 1..50 (absent means none), bio 0..2000 (tabs and line breaks allowed). The user id
// comes from the path and the times from the store: the route and the store fill them in.
checked<storage::profile> parse_profile_put(const nlohmann::json& body);

}  // namespace http
