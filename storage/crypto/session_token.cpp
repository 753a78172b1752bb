#include "storage/crypto/session_token.hpp"

#include <sodium.h>

#include "storage/crypto/digest.hpp"
#include "storage/crypto/encoding.hpp"
#include "storage/crypto/random.hpp"

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

std::string new_session_token() {
  auto bytes = random_array<token_bytes>();
  auto text = base64url_encode(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return text;
}

std::string token_hash_hex(std::string_view token) { return sha256_hex(token); }

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
