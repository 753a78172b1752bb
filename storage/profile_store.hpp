// Member profiles in the `user_profiles` collection, one per user (unique index on user_id).
// A plain store: every call runs on the caller's thread with the client of `ctx` and is bounded
// by its deadline. Thread-compatible (one store per call, like the client it uses).
//
// Document: {_id: ObjectId, user_id, display_name, industry, location?: {lat, lng, city?,
// country?}, expertise: [..], bio?, created_at: date, updated_at: date}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/geo.hpp"
#include "storage/mongo_collections.hpp"
#include "storage/mongo_ops.hpp"
#include "storage/status.hpp"

namespace storage {

struct profile {
  std::string user_id;  // the PostgreSQL user's UUID
  std::string display_name;
  std::string industry;
  std::optional<storage::location> location;
  std::vector<std::string> expertise;
  std::optional<std::string> bio;
  int64_t created_at_ms = 0;  // set by the store
  int64_t updated_at_ms = 0;  // set by the store
};

struct profile_filter {
  std::optional<std::string> industry;   // exact match
  std::optional<std::string> expertise;  // the profile lists this expertise
};

// Ordered by user_id ascending. `next_after` is the last user_id of this page when more may
// follow; pass it back as `after_user_id` for the next page.
struct profile_page {
  std::vector<profile> items;
  std::optional<std::string> next_after;
};

struct profile_upsert {
  profile stored;
  bool created = false;  // true when no profile existed for the user
};

class profile_store {
public:
  explicit profile_store(const mongo_context& ctx) : ctx_(ctx) {}

  // Creates or replaces the profile of p.user_id (PUT semantics: an absent location or bio is
  // removed). created_at is kept on replace. Never a conflict: concurrent upserts of one user
  // both succeed, the later one winning.
  result<profile_upsert> upsert(const profile& p);

  // Inserts a new profile; `conflict` when p.user_id already has one.
  result<profile> create(const profile& p);

  // `not_found` when the user has no profile.
  result<profile> get(std::string_view user_id);

  // Profiles matching every given filter, at most `limit` (clamped to 1..1000), after
  // `after_user_id` when given (keyset: stable under inserts).
  result<profile_page> list(const profile_filter& filter,
                            const std::optional<std::string>& after_user_id, int limit);

  // `not_found` when the user has no profile.
  status remove(std::string_view user_id);

  // Like remove(), but it is not an error if the profile did not exist (for cleanup after a
  // user is deleted in PostgreSQL).
  status remove_if_present(std::string_view user_id);

private:
  mongo_context ctx_;
};

}  // namespace storage
