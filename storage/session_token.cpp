#include "storage/session_token.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <sodium.h>

namespace storage {

namespace {

constexpr std::size_t token_bytes = 32;

// Index of `c` in the base64url alphabet, or -1.
int base64url_index(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '-')
    return 62;
  if (c == '_')
    return 63;
  return -1;
}

}  // namespace

void ensure_sodium_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("fatal: libsodium failed to initialize\n", stderr);
      std::abort();
    }
  });
}

std::string new_session_token() {
  ensure_sodium_initialized();
  unsigned char bytes[token_bytes];
  randombytes_buf(bytes, sizeof bytes);
  constexpr auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char text[sodium_base64_ENCODED_LEN(token_bytes, variant)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, variant);
  sodium_memzero(bytes, sizeof bytes);
  return text;
}

std::string token_hash_hex(std::string_view token) {
  ensure_sodium_initialized();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool looks_like_token(std::string_view s) {
  if (s.size() != session_token_size)
    return false;
  for (char c : s)
    if (base64url_index(c) < 0)
      return false;
  // 43 characters hold 258 bits; the last character's two low bits are padding and zero.
  return (base64url_index(s.back()) & 0x3) == 0;
}

}  // namespace storage
