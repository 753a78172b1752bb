// Hashes and MACs (libsodium): SHA-256 for migration checksums, token hashes and seed ids,
// HMAC-SHA-256 for page cursors, a keyed SipHash for hash-table slots. Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace storage {

using sha256_digest = std::array<std::uint8_t, 32>;

sha256_digest sha256(std::string_view data);

// 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

using mac_key = std::array<std::uint8_t, 32>;

sha256_digest hmac_sha256(std::string_view data, const mac_key& key);

// Constant-time comparison of `mac` (32 bytes, else false) with the HMAC of `data`.
bool hmac_sha256_verify(std::span<const std::uint8_t> mac, std::string_view data, const mac_key& key);

// A MAC key from a configured secret of any length (BLAKE2b-256 of it).
mac_key derive_mac_key(std::string_view secret);

using short_hash_key = std::array<std::uint8_t, 16>;

// SipHash-2-4 of `data` under `key`, its 8 bytes read big-endian: a hash-table slot an
// attacker who does not know the key cannot aim at.
std::uint64_t short_hash(std::string_view data, const short_hash_key& key);

}  // namespace storage
