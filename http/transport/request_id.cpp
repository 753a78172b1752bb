#include "http/transport/request_id.hpp"

#include "storage/crypto/encoding.hpp"
#include "storage/crypto/random.hpp"

namespace http {

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128)
    return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

std::string generate_request_id() {
  return storage::to_hex(storage::random_array<16>());
}

std::string choose_request_id(std::string_view from_client) {
  return is_acceptable_request_id(from_client) ? std::string(from_client) : generate_request_id();
}

}  // namespace http
