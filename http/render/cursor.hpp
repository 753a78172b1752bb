// Opaque keyset cursors for ?cursor=: the position after the last item of a page, sealed so a
// client can neither read nor forge one, nor use a cursor of one list on another.
//
// Text form: base64url without padding of
//   version (1 byte, = 1) | list tag (1 byte) | payload | HMAC-SHA256 (32 bytes)
// where the payload of a time cursor is the time (8 bytes, big-endian two's complement), the
// id's length (1 byte) and the id; of a key cursor the key's length (1 byte) and the key. The
// HMAC-SHA-256 (storage/crypto/digest.hpp) covers everything before it.
//
// Cursors hold only within one key: instances behind one load balancer must share it, and a
// key that changes (a restart with a random per-process key, random_cursor_key()) turns
// outstanding cursors into 400s. The service's key is cursor_key_from_secret() of
// P2P_CURSOR_KEY_FILE or the cursor-key credential (config/secrets.hpp), else of the secret
// every instance reads from PostgreSQL's service_secrets at startup (cli/startup.hpp,
// resolve_cursor_key). Thread-safe: a codec is immutable after construction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/render/api_error.hpp"

namespace http {

using cursor_key = std::array<unsigned char, 32>;

// 32 bytes from the CSPRNG.
cursor_key random_cursor_key();
// BLAKE2b-256 of `secret` (any length): the same secret gives the same key everywhere.
cursor_key cursor_key_from_secret(std::string_view secret);
// The service's key: from `secret` (auth.cursor_secret: configured, or PostgreSQL's shared
// one) when set, else random (tests and tools without a database).
cursor_key configured_cursor_key(std::string_view secret);

// Lists ordered by (time, id): the unit of the time is the list's own (microseconds for
// PostgreSQL rows, milliseconds for MongoDB documents); the codec only carries it.
enum class time_list : std::uint8_t {
  users = 1,
  sessions = 2,
  posts = 3,
  replies = 4,
  use_cases = 5,
};
// Lists ordered by one string key.
enum class key_list : std::uint8_t { configs = 101, profiles = 102 };

struct time_cursor {
  std::int64_t time = 0;
  std::string id;  // at most max_id_size bytes

  friend bool operator==(const time_cursor&, const time_cursor&) = default;
};

class cursor_codec {
public:
  // Longer texts are refused before any decoding.
  static constexpr std::size_t max_text_size = 512;
  // Longest id or key a cursor carries (UUIDs are 36, ObjectIds 24, config keys 64).
  static constexpr std::size_t max_id_size = 128;

  explicit cursor_codec(const cursor_key& key) : key_(key) {}

  // Precondition: the id or key is at most max_id_size bytes (asserted).
  std::string encode(time_list list, const time_cursor& c) const;
  std::string encode(key_list list, std::string_view key) const;

  // The position, or nullopt for anything this codec did not encode for `list`: garbage,
  // padding, oversize input, another version, another list, another key, any changed byte.
  std::optional<time_cursor> decode(time_list list, std::string_view text) const;
  std::optional<std::string> decode(key_list list, std::string_view text) const;

private:
  std::string seal(std::string payload) const;
  std::optional<std::string> open(std::uint8_t tag, std::string_view text) const;

  cursor_key key_;
};

// 400 bad_request "invalid cursor", for a cursor that does not decode.
api_error invalid_cursor_error();

}  // namespace http
