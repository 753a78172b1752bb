#include "http/render/cursor.hpp"

#include <cassert>
#include <span>
#include <type_traits>

#include "storage/crypto/digest.hpp"
#include "storage/crypto/encoding.hpp"
#include "storage/crypto/random.hpp"

namespace http {

namespace {

constexpr unsigned char version = 1;
constexpr std::size_t mac_size = std::tuple_size_v<storage::sha256_digest>;
static_assert(std::is_same_v<cursor_key, storage::mac_key>);

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void append_short_string(std::string& out, std::string_view s) {
  assert(s.size() <= cursor_codec::max_id_size);
  out.push_back(static_cast<char>(s.size()));
  out.append(s);
}

// The length-prefixed string at `at`, which must end the payload exactly.
std::optional<std::string> read_last_short_string(std::string_view payload, std::size_t at) {
  if (at >= payload.size())
    return std::nullopt;
  const auto n = static_cast<unsigned char>(payload[at]);
  if (n > cursor_codec::max_id_size || payload.size() - at - 1 != n)
    return std::nullopt;
  return std::string(payload.substr(at + 1));
}

}  // namespace

cursor_key random_cursor_key() { return storage::random_array<std::tuple_size_v<cursor_key>>(); }

cursor_key cursor_key_from_secret(std::string_view secret) { return storage::derive_mac_key(secret); }

cursor_key configured_cursor_key(std::string_view secret) {
  return secret.empty() ? random_cursor_key() : cursor_key_from_secret(secret);
}

std::string cursor_codec::seal(std::string payload) const {
  const auto mac = storage::hmac_sha256(payload, key_);
  payload.append(reinterpret_cast<const char*>(mac.data()), mac.size());
  return storage::base64url_encode(bytes(payload));
}

std::optional<std::string> cursor_codec::open(std::uint8_t tag, std::string_view text) const {
  if (text.empty() || text.size() > max_text_size)
    return std::nullopt;
  auto raw = storage::base64url_decode(text);
  if (!raw || raw->size() < 2 + mac_size)
    return std::nullopt;
  const auto body = std::string_view(*raw).substr(0, raw->size() - mac_size);
  if (!storage::hmac_sha256_verify(bytes(*raw).subspan(body.size()), body, key_))
    return std::nullopt;
  if (static_cast<unsigned char>(body[0]) != version || static_cast<unsigned char>(body[1]) != tag)
    return std::nullopt;
  return std::string(body.substr(2));
}

std::string cursor_codec::encode(time_list list, const time_cursor& c) const {
  std::string payload{static_cast<char>(version), static_cast<char>(list)};
  const auto t = static_cast<std::uint64_t>(c.time);
  for (int shift = 56; shift >= 0; shift -= 8)
    payload.push_back(static_cast<char>((t >> shift) & 0xFF));
  append_short_string(payload, c.id);
  return seal(std::move(payload));
}

std::string cursor_codec::encode(key_list list, std::string_view key) const {
  std::string payload{static_cast<char>(version), static_cast<char>(list)};
  append_short_string(payload, key);
  return seal(std::move(payload));
}

std::optional<time_cursor> cursor_codec::decode(time_list list, std::string_view text) const {
  const auto payload = open(static_cast<std::uint8_t>(list), text);
  if (!payload || payload->size() < 8)
    return std::nullopt;
  std::uint64_t t = 0;
  for (std::size_t i = 0; i < 8; ++i)
    t = (t << 8) | static_cast<unsigned char>((*payload)[i]);
  auto id = read_last_short_string(*payload, 8);
  if (!id)
    return std::nullopt;
  return time_cursor{static_cast<std::int64_t>(t), std::move(*id)};
}

std::optional<std::string> cursor_codec::decode(key_list list, std::string_view text) const {
  const auto payload = open(static_cast<std::uint8_t>(list), text);
  if (!payload)
    return std::nullopt;
  return read_last_short_string(*payload, 0);
}

api_error invalid_cursor_error() { return bad_request("invalid cursor"); }

}  // namespace http
