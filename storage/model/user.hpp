// Users, as the PostgreSQL store (storage/postgres/user_store.hpp) gives and takes them. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace storage {

struct user {
  std::string id;  // canonical UUID text
  std::string email;
  std::string password_hash;
  std::string full_name;
  std::string role;  // "user" or "admin"
  bool is_active = true;
  std::int64_t created_at_us = 0;  // microseconds since the Unix epoch
  std::int64_t updated_at_us = 0;
};

struct new_user {
  std::string email;  // already trimmed and lower-cased by the caller
  std::string password_hash;
  std::string full_name;
  std::string role = "user";
  bool is_active = true;
};

// Fields of a partial update; nullopt leaves a field as it is.
struct user_changes {
  std::optional<std::string> full_name;
  std::optional<std::string> email;  // trimmed and lower-cased by the caller
  std::optional<std::string> password_hash;
  std::optional<std::string> role;
  std::optional<bool> is_active;
  // A deactivation or a new role revokes every session of the user in the same statement; a
  // new password_hash every other session, this one (the caller's own, when they change their
  // own password) staying.
  std::optional<std::string> keep_session_id{};
};

// Position after the last item of a page (newest-first order: created_at, then id).
struct user_cursor {
  std::int64_t created_at_us = 0;
  std::string id;
};

struct user_page {
  std::vector<user> items;
  std::optional<user_cursor> next;  // nullopt on the last page
};

}  // namespace storage
