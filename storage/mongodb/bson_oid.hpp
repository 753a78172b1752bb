// ObjectId parsing and formatting. The contract's ids for MongoDB documents are 24 hex
// characters; anything else is "no such document" at the store level (a 404), never a crash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <bson/bson.h>

namespace storage {

// The ObjectId spelled by exactly 24 hex digits (either case); nullopt for anything else,
// including embedded NULs, whitespace and the empty string.
std::optional<bson_oid_t> parse_oid(std::string_view hex);

// 24 lowercase hex digits.
std::string format_oid(const bson_oid_t& oid);

// A fresh ObjectId (bson_oid_init: time + per-process random + counter; thread-safe).
bson_oid_t new_oid();

// The creation time an ObjectId carries, in milliseconds (second precision).
int64_t oid_time_ms(const bson_oid_t& oid);

}  // namespace storage
