#include "storage/crypto/encoding.hpp"

#include <sodium.h>

#include "storage/crypto/random.hpp"

namespace storage {

namespace {
constexpr auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (std::uint8_t b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
  ensure_sodium_initialized();
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  ensure_sodium_initialized();
  std::string raw(text.size(), '\0');  // base64 never decodes to more bytes than characters
  std::size_t raw_size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(), text.size(),
                        nullptr, &raw_size, &end, variant) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  raw.resize(raw_size);
  return raw;
}

}  // namespace storage
