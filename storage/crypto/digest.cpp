#include "storage/crypto/digest.hpp"

#include <sodium.h>

#include "storage/crypto/encoding.hpp"
#include "storage/crypto/random.hpp"

namespace storage {

namespace {

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

static_assert(crypto_hash_sha256_BYTES == std::tuple_size_v<sha256_digest>);
static_assert(crypto_auth_hmacsha256_BYTES == std::tuple_size_v<sha256_digest>);
static_assert(crypto_auth_hmacsha256_KEYBYTES == std::tuple_size_v<mac_key>);
static_assert(crypto_shorthash_KEYBYTES == std::tuple_size_v<short_hash_key>);
static_assert(crypto_shorthash_BYTES == sizeof(std::uint64_t));

}  // namespace

sha256_digest sha256(std::string_view data) {
  ensure_sodium_initialized();
  sha256_digest out{};
  crypto_hash_sha256(out.data(), bytes(data), data.size());
  return out;
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

sha256_digest hmac_sha256(std::string_view data, const mac_key& key) {
  ensure_sodium_initialized();
  sha256_digest out{};
  crypto_auth_hmacsha256(out.data(), bytes(data), data.size(), key.data());
  return out;
}

bool hmac_sha256_verify(std::span<const std::uint8_t> mac, std::string_view data, const mac_key& key) {
  ensure_sodium_initialized();
  return mac.size() == crypto_auth_hmacsha256_BYTES &&
         crypto_auth_hmacsha256_verify(mac.data(), bytes(data), data.size(), key.data()) == 0;
}

mac_key derive_mac_key(std::string_view secret) {
  ensure_sodium_initialized();
  mac_key key{};
  crypto_generichash(key.data(), key.size(), bytes(secret), secret.size(), nullptr, 0);
  return key;
}

std::uint64_t short_hash(std::string_view data, const short_hash_key& key) {
  ensure_sodium_initialized();
  unsigned char h[crypto_shorthash_BYTES];
  crypto_shorthash(h, bytes(data), data.size(), key.data());
  std::uint64_t out = 0;
  for (unsigned char b : h)
    out = (out << 8) | b;
  return out;
}

}  // namespace storage
