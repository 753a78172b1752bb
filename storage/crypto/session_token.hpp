// Bearer tokens for login sessions: 256 random bits, shown to the client once, stored only as
// their SHA-256 (see session_store.hpp). Pure functions apart from the CSPRNG; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace storage {

// Characters of a token: 32 bytes as base64url without padding.
inline constexpr std::size_t session_token_size = 43;

// A fresh token: 32 bytes from randombytes_buf, base64url without padding (43 characters).
std::string new_session_token();

// The SHA-256 of the token's characters as 64 lower-case hex digits: the form that
// create_session() and find_session_by_token_hash() expect.
std::string token_hash_hex(std::string_view token);

// A cheap filter for bearer values before any hashing or store access: true only for strings
// that new_session_token() could have produced (43 base64url characters whose last one carries
// no stray bits). A true answer says nothing about whether the token exists.
bool looks_like_token(std::string_view s);

}  // namespace storage
