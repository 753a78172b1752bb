#include "storage/mongodb/bson_update.hpp"

#include "storage/mongodb/bson_fields.hpp"

namespace storage {

set_update::set_update() : update_(make_bson()) { bson_append_document_begin(update_.get(), "$set", -1, &set_); }

set_update& set_update::string(const char* field, const std::optional<std::string>& value) {
  if (value)
    append_string(&set_, field, *value);
  return *this;
}

set_update& set_update::strings(const char* field, const std::optional<std::vector<std::string>>& values) {
  if (values)
    append_strings(&set_, field, *values);
  return *this;
}

bson_ptr set_update::build(int64_t updated_at_ms) {
  append_date_ms(&set_, "updated_at", updated_at_ms);
  bson_append_document_end(update_.get(), &set_);
  return std::move(update_);
}

}  // namespace storage
