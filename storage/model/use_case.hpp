// Use cases, as the MongoDB store (storage/mongodb/use_case_store.hpp) gives and takes them. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/model/geo.hpp"

namespace storage {

struct use_case {
  std::string id;  // 24 hex
  std::string submitted_by;
  std::string title;
  std::string description;
  std::string industry;
  std::vector<std::string> tags;
  storage::location location;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct new_use_case {
  std::string submitted_by;
  std::string title;
  std::string description;
  std::string industry;
  std::vector<std::string> tags;
  storage::location location;
};

// A partial update: only the fields given change (a location replaces the whole location).
struct use_case_patch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> industry;
  std::optional<std::vector<std::string>> tags;
  std::optional<storage::location> location;
  bool empty() const { return !title && !description && !industry && !tags && !location; }
};

struct use_case_filter {
  std::optional<std::string> industry;
  std::optional<std::string> tag;
};

struct use_case_cursor {
  int64_t created_at_ms = 0;
  std::string id;
};

// Newest first (created_at desc, _id desc). `next` is set when more may follow.
struct use_case_page {
  std::vector<use_case> items;
  std::optional<use_case_cursor> next;
};

struct use_case_hit {
  use_case item;
  double distance_km = 0;  // great-circle distance from the search centre
};

}  // namespace storage
