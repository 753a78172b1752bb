// Request bodies of industrial use cases (CONTRACT.md, "Profiles, forum, use cases"). Each
// parser takes the already parsed body and returns the plain request struct, or every problem
// it found (a 422). Pure. Text rules as in validate_forum.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/validation.hpp"
#include "storage/geo.hpp"

namespace http {

// POST /api/v1/use-cases
struct use_case_create_request {
  std::string title;        // 3..200
  std::string description;  // 1..20000
  std::string industry;     // 1..50
  std::vector<std::string> tags;  // at most 10; absent means none
  storage::location location;     // lat in [-90, 90], lng in [-180, 180], city?, country?
};

// PATCH /api/v1/use-cases/{id}: nullopt means "not sent"; null is refused. A location
// replaces the whole location, so it needs lat and lng.
struct use_case_patch_request {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> industry;
  std::optional<std::vector<std::string>> tags;
  std::optional<storage::location> location;

  bool empty() const { return !title && !description && !industry && !tags && !location; }
};

checked<use_case_create_request> parse_use_case_create(const nlohmann::json& body);
// An empty object is a valid (empty) patch.
checked<use_case_patch_request> parse_use_case_patch(const nlohmann::json& body);

}  // namespace http
