#include "storage/mongodb/bson_oid.hpp"

namespace storage {

std::optional<bson_oid_t> parse_oid(std::string_view hex) {
  if (hex.size() != 24)
    return std::nullopt;
  for (char c : hex) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!ok)
      return std::nullopt;
  }
  // bson_oid_init_from_string wants a NUL-terminated string of exactly 24 characters.
  const std::string text(hex);
  bson_oid_t oid;
  bson_oid_init_from_string(&oid, text.c_str());
  return oid;
}

std::string format_oid(const bson_oid_t& oid) {
  char buf[25];
  bson_oid_to_string(&oid, buf);
  return std::string(buf, 24);
}

bson_oid_t new_oid() {
  bson_oid_t oid;
  bson_oid_init(&oid, nullptr);
  return oid;
}

int64_t oid_time_ms(const bson_oid_t& oid) {
  return static_cast<int64_t>(bson_oid_get_time_t(&oid)) * 1000;
}

}  // namespace storage
