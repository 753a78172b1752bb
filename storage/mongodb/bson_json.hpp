// JSON text <-> BSON. Used by the migrator (index specs, validators) and for diagnostics;
// the stores never turn client JSON into a query (every filter is built from typed fields).
#pragma once

#include <string>
#include <string_view>

#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

// Parses MongoDB Extended JSON (canonical or relaxed) into a document. Bad JSON, or JSON whose
// top level is not an object, is invalid with the parser's message.
result<bson_ptr> bson_from_json(std::string_view json);

// Relaxed Extended JSON: numbers stay numbers, dates read {"$date": "2024-01-01T00:00:00Z"}.
std::string bson_to_json(const bson_t* doc);

// Canonical Extended JSON: types survive a round trip ({"$numberLong": "5"}).
std::string bson_to_canonical_json(const bson_t* doc);

}  // namespace storage
