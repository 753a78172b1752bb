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

#include "storage/common/status.hpp"
#include "storage/model/geo.hpp"
#include "storage/model/profile.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

// Creates or replaces the profile of p.user_id (PUT semantics: an absent location or bio is
// removed). created_at is kept on replace. Never a conflict: concurrent upserts of one user
// both succeed, the later one winning.
result<profile_upsert> upsert_profile(const mongo_context& ctx, const profile& p);

// Inserts a new profile; `conflict` when p.user_id already has one.
result<profile> create_profile(const mongo_context& ctx, const profile& p);

// `not_found` when the user has no profile.
result<profile> get_profile(const mongo_context& ctx, std::string_view user_id);

// Profiles matching every given filter, at most `limit` (clamped to 1..1000), after
// `after_user_id` when given (keyset: stable under inserts).
result<profile_page> list_profiles(const mongo_context& ctx, const profile_filter& filter,
                                   const std::optional<std::string>& after_user_id, int limit);

// `not_found` when the user has no profile.
status delete_profile(const mongo_context& ctx, std::string_view user_id);

// Like remove(), but it is not an error if the profile did not exist (for cleanup after a
// user is deleted in PostgreSQL).
status delete_profile_if_present(const mongo_context& ctx, std::string_view user_id);

}  // namespace storage
