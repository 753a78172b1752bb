// Secrets the service instances share, kept in PostgreSQL (table `service_secrets`,
// migrations/postgres/0004) and served by no API: made once by whichever instance needs one
// first, read by every other. Free functions over one pg_connection.
#pragma once

#include <cstddef>
#include <string>

#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace storage {

// The key that seals ?cursor= tokens (http/render/cursor.hpp) when none is configured.
inline constexpr const char* cursor_key_secret_name = "cursor_key";

struct service_secret {
  std::string value;     // the secret's bytes
  bool created = false;  // true when this call stored it
};

// The secret `name` (^[a-z0-9_.-]{1,64}$, else invalid): the stored bytes, or, when there are
// none, `size` (1..1024, else invalid) fresh random bytes stored now. Race-free: when several
// callers ask at once, one insert wins and every caller returns its value; a stored value is
// never replaced. invalid when the stored value is shorter than `size` bytes (a row put there by
// hand). Messages never hold the value. Other errors as pg_connection::exec.
result<service_secret> get_or_create_service_secret(pg_connection& c, const std::string& name, std::size_t size);

}  // namespace storage
