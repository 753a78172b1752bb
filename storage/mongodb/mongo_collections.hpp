// The collection names, in one place. Their indexes are declared in
// migrations/mongodb/*.json and listed in docs/mongodb.md.
#pragma once

namespace storage {

inline constexpr const char* profiles_collection = "user_profiles";
inline constexpr const char* posts_collection = "forum_posts";
inline constexpr const char* replies_collection = "forum_replies";
inline constexpr const char* reply_votes_collection = "forum_reply_votes";
inline constexpr const char* use_cases_collection = "use_cases";
inline constexpr const char* migrations_collection = "schema_migrations";

}  // namespace storage
