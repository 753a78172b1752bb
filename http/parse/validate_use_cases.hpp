// Request bodies of industrial use cases (CONTRACT.md, "Profiles, forum, use cases"). Each
// parser takes the already parsed body and returns the store's struct (storage/model/use_case.hpp),
// or every problem it found (a 422). Pure. Text rules as in validate_forum.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/parse/validation.hpp"
#include "storage/model/use_case.hpp"

namespace http {

// POST /api/v1/use-cases: title 3..200, description 1..20000, industry 1..50, tags at most 10
// (absent means none), location {lat in [-90, 90], lng in [-180, 180], city?, country?}. The
// submitter is the caller, filled in by the route.
checked<storage::new_use_case> parse_use_case_create(const nlohmann::json& body);
// PATCH /api/v1/use-cases/{id}: the same rules, every field optional (null is refused). A
// location replaces the whole location, so it needs lat and lng. An empty object is a valid
// (empty) patch.
checked<storage::use_case_patch> parse_use_case_patch(const nlohmann::json& body);

}  // namespace http
