#include "tools/seed/seed_ids.hpp"

#include <cstring>
#include <string>

#include "tools/seed/seed_random.hpp"

namespace storage::seed {

std::string user_id(std::string_view email) {
  auto digest = sha256("p2p-seed:user:" + std::string(email));
  digest[6] = static_cast<std::uint8_t>((digest[6] & 0x0f) | 0x80);  // version 8
  digest[8] = static_cast<std::uint8_t>((digest[8] & 0x3f) | 0x80);  // variant 10
  const std::string hex = to_hex(std::span(digest).first(16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bson_oid_t object_id(std::string_view key, std::int64_t created_at_ms) {
  const auto digest = sha256("p2p-seed:" + std::string(key));
  const auto seconds = static_cast<std::uint32_t>(created_at_ms / 1000);
  bson_oid_t oid;
  oid.bytes[0] = static_cast<std::uint8_t>(seconds >> 24);
  oid.bytes[1] = static_cast<std::uint8_t>(seconds >> 16);
  oid.bytes[2] = static_cast<std::uint8_t>(seconds >> 8);
  oid.bytes[3] = static_cast<std::uint8_t>(seconds);
  std::memcpy(oid.bytes + 4, digest.data(), 8);
  return oid;
}

}  // namespace storage::seed
