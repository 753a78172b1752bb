#include "storage/mongodb/bson_json.hpp"

namespace storage {

result<bson_ptr> bson_from_json(std::string_view json) {
  bson_error_t error;
  // A string_view need not be NUL-terminated: pass the length, never -1.
  bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                   static_cast<ssize_t>(json.size()), &error);
  if (!doc)
    return status::invalid(std::string("not a JSON object: ") + error.message);
  return bson_ptr{doc};
}

std::string bson_to_json(const bson_t* doc) {
  size_t len = 0;
  bson_string_ptr text{bson_as_relaxed_extended_json(doc, &len)};
  return text ? std::string(text.get(), len) : std::string();
}

std::string bson_to_canonical_json(const bson_t* doc) {
  size_t len = 0;
  bson_string_ptr text{bson_as_canonical_extended_json(doc, &len)};
  return text ? std::string(text.get(), len) : std::string();
}

}  // namespace storage
