// X-Request-Id: echoed when the client sent a sane one, generated otherwise. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace http {

// True for 1..128 characters of [A-Za-z0-9._:-]; anything else is replaced, so a client
// cannot inject text into logs or headers.
bool is_acceptable_request_id(std::string_view id);

// 32 lower-case hex characters from 16 random bytes.
std::string generate_request_id();

// The client's id when acceptable, else a fresh one.
std::string choose_request_id(std::string_view from_client);

}  // namespace http
