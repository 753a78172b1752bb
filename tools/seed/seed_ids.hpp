// Ids of seeded records, derived from their natural keys, so the same record has the same id
// on every machine and in every run (which is what makes seeding idempotent: a second insert
// of a record collides with the first on its id). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <bson/bson.h>

namespace storage::seed {

// The name-based UUID of a seeded user: the first 16 bytes of SHA-256("p2p-seed:user:" + email)
// with the version nibble set to 8 (RFC 9562's custom, hash-based form) and the variant bits to
// 10. Canonical lower-case text, 8-4-4-4-12.
std::string user_id(std::string_view email);

// The ObjectId of a seeded document: 4 bytes of created_at seconds (big-endian, as every
// ObjectId), then the first 8 bytes of SHA-256("p2p-seed:" + key). Its timestamp therefore
// equals created_at, rounded down to the second.
bson_oid_t object_id(std::string_view key, std::int64_t created_at_ms);

}  // namespace storage::seed
