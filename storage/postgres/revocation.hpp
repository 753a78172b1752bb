// The messages of the revocation channel (migrations/postgres/0003): what PostgreSQL
// announces when a live session is revoked or a user's sessions must end. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace storage {

inline constexpr std::string_view revocation_channel = "p2p_revocations";

struct revocation {
  enum class kind { token, user };
  kind what = kind::token;
  std::string key;  // token hash (64 lower-case hex digits) or user id (UUID)
};

// 't:<64 hex>' or 'u:<uuid>'; nullopt for anything else (a newer payload this version does not
// know is ignored, never guessed at).
std::optional<revocation> parse_revocation(std::string_view payload);

}  // namespace storage
