// Building query filters from typed values. The stores build every filter here or with
// bson_fields.hpp: field names are literals, client strings are values only, and text that
// becomes a regular expression is escaped first. Pure; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <bson/bson.h>

#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

// `text` with every regular-expression metacharacter backslash-escaped, so the pattern
// matches `text` literally under both PCRE (MongoDB) and RE2/Go syntax (FerretDB). The set is
// \ . + * ? ( ) | [ ] { } ^ $ plus '-', '/' and '#', which are harmless to escape in both.
std::string escape_regex(std::string_view text);

// A conjunction of conditions, built flat so that FerretDB pushes its simple parts down (it
// pushes only top-level keys; anything under $and or $or runs in its Go code, see
// docs/mongodb.md): each condition on a field not used yet becomes a top-level key, the first $or
// the top-level "$or", and a later $or, or a second condition on one field, goes into a
// top-level "$and". build() returns {} for no condition.
class filter_builder {
public:
  // {field: value}
  void equals(const char* field, std::string_view value);
  void equals_oid(const char* field, const bson_oid_t& value);
  // {field: {$in: values}}
  void equals_any(const char* field, const std::vector<std::string>& values);
  // {field: {$gt: value}} (strings compare by UTF-8 bytes: the keyset of a string key)
  void greater_than(const char* field, std::string_view value);
  // {$or: [{f0: {$regex: escaped(text), $options: "i"}}, {f1: ...}]}: case-insensitive
  // substring match of `text` in any of `fields`.
  void contains_any(const std::vector<const char*>& fields, std::string_view text);

  // Keyset position for a sort on (time_field, _id), both descending or both ascending: the
  // documents strictly after (time_ms, id) in that order:
  //   {time: {$lte: t}, $or: [{time: {$lt: t}}, {_id: {$lt: id}}]}   ($gte, $gt when ascending)
  // The bound on time is implied by the $or; it is there because it is a top-level range on the
  // leading sort key, which the patched FerretDB pushes down (the scan starts at the cursor) and
  // MongoDB uses as an index bound.
  void after_keyset(const char* time_field, int64_t time_ms, const bson_oid_t& id, bool descending);

  bson_ptr build();

private:
  struct clause {
    std::string key;  // the top-level key it would take: a field or "$or"
    bson_ptr doc;     // {key: ...}
  };
  bson_t* add(std::string key);
  std::vector<clause> clauses_;
};

}  // namespace storage
