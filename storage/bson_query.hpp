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

#include "storage/mongo_handles.hpp"

namespace storage {

// `text` with every regular-expression metacharacter backslash-escaped, so the pattern
// matches `text` literally under both PCRE (MongoDB) and RE2/Go syntax (FerretDB). The set is
// \ . + * ? ( ) | [ ] { } ^ $ plus '-', '/' and '#', which are harmless to escape in both.
std::string escape_regex(std::string_view text);

// A conjunction of clauses: each clause is a small document; build() returns {} for none, the
// clause itself for one, and {$and: [...]} for more (so two $or clauses never collide).
class filter_builder {
public:
  // A new empty clause to fill (owned by the builder; valid until build()).
  bson_t* add();

  // {field: value}
  void equals(const char* field, std::string_view value);
  void equals_oid(const char* field, const bson_oid_t& value);
  // {field: {$ne: value}}
  void not_equals(const char* field, std::string_view value);
  // {field: {$gt: value}} (strings compare by UTF-8 bytes: the keyset of a string key)
  void greater_than(const char* field, std::string_view value);
  // {$or: [{f0: {$regex: escaped(text), $options: "i"}}, {f1: ...}]}: case-insensitive
  // substring match of `text` in any of `fields`.
  void contains_any(const std::vector<const char*>& fields, std::string_view text);
  // {field: {$gte: lo, $lte: hi}}
  void between(const char* field, double lo, double hi);
  // The field lies in any of the closed ranges: one range is between(); more become
  // {$or: [{field: {$gte, $lte}}, ...]}. No ranges adds nothing.
  void in_ranges(const char* field, const std::vector<std::pair<double, double>>& ranges);

  // Keyset position for a sort on (time_field, _id), both in `descending` or ascending order:
  // the documents strictly after (time_ms, id) in that order:
  //   {$or: [{time: {$lt: t}}, {time: t, _id: {$lt: id}}]}   ($gt when ascending)
  void after_keyset(const char* time_field, int64_t time_ms, const bson_oid_t& id, bool descending);

  bson_ptr build();

private:
  std::vector<bson_ptr> clauses_;
};

}  // namespace storage
