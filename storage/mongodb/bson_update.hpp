// Building update documents from typed values, as bson_query.hpp builds filters: field names are
// literals and client strings are values only. Pure; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <bson/bson.h>

#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

// A partial update, {$set: {<the given fields>..., updated_at: <date>}}: each optional field is
// set only when it has a value, so a patch struct maps onto it field by field.
class set_update {
public:
  set_update();
  set_update(const set_update&) = delete;  // the open $set lives in this object
  set_update& operator=(const set_update&) = delete;

  set_update& string(const char* field, const std::optional<std::string>& value);
  set_update& strings(const char* field, const std::optional<std::vector<std::string>>& values);
  // The open $set document, for values of other types.
  bson_t* fields() { return &set_; }

  // Closes $set with updated_at and hands the update over; call once.
  bson_ptr build(int64_t updated_at_ms);

private:
  bson_ptr update_;
  bson_t set_;
};

}  // namespace storage
