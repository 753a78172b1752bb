#include "http/cursor.hpp"

#include <cassert>

#include <sodium.h>

#include "storage/session_token.hpp"

namespace http {

namespace {

constexpr unsigned char version = 1;
constexpr auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t mac_size = crypto_auth_hmacsha256_BYTES;
static_assert(std::tuple_size_v<cursor_key> == crypto_auth_hmacsha256_KEYBYTES);

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
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

cursor_key random_cursor_key() {
  storage::ensure_sodium_initialized();
  cursor_key key;
  randombytes_buf(key.data(), key.size());
  return key;
}

cursor_key cursor_key_from_secret(std::string_view secret) {
  storage::ensure_sodium_initialized();
  cursor_key key;
  crypto_generichash(key.data(), key.size(), bytes(secret), secret.size(), nullptr, 0);
  return key;
}

cursor_key configured_cursor_key(std::string_view secret) {
  return secret.empty() ? random_cursor_key() : cursor_key_from_secret(secret);
}

std::string cursor_codec::seal(std::string payload) const {
  unsigned char mac[mac_size];
  crypto_auth_hmacsha256(mac, bytes(payload), payload.size(), key_.data());
  payload.append(reinterpret_cast<const char*>(mac), mac_size);
  std::string text(sodium_base64_ENCODED_LEN(payload.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes(payload), payload.size(), variant);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

std::optional<std::string> cursor_codec::open(std::uint8_t tag, std::string_view text) const {
  if (text.empty() || text.size() > max_text_size)
    return std::nullopt;
  std::string raw(text.size(), '\0');  // base64 never decodes to more bytes than characters
  std::size_t raw_size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(),
                        text.size(), nullptr, &raw_size, nullptr, variant) != 0)
    return std::nullopt;
  raw.resize(raw_size);
  if (raw.size() < 2 + mac_size)
    return std::nullopt;
  const auto body = std::string_view(raw).substr(0, raw.size() - mac_size);
  if (crypto_auth_hmacsha256_verify(bytes(raw) + body.size(), bytes(body), body.size(),
                                    key_.data()) != 0)
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
