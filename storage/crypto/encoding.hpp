// Byte strings as text: lower-case hex and unpadded base64url (RFC 4648 §5). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace storage {

std::string to_hex(std::span<const std::uint8_t> bytes);

std::string base64url_encode(std::span<const std::uint8_t> bytes);

// The bytes, or nullopt for anything but unpadded base64url (also for padding or whitespace).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace storage
