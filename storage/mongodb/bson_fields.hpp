// Small helpers to build and read BSON documents field by field. Field names passed here are
// always string literals from the stores, never client input: client strings go in as values.
// Times are int64 milliseconds since the Unix epoch, stored as BSON dates.
// Pure functions over the caller's documents; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <bson/bson.h>

#include "storage/model/geo.hpp"

namespace storage {

// Milliseconds since the epoch, now (system clock).
int64_t now_ms();

void append_string(bson_t* doc, const char* key, std::string_view value);
void append_date_ms(bson_t* doc, const char* key, int64_t ms);
void append_int64(bson_t* doc, const char* key, int64_t value);
void append_double(bson_t* doc, const char* key, double value);
void append_bool(bson_t* doc, const char* key, bool value);
void append_oid(bson_t* doc, const char* key, const bson_oid_t& oid);
// The ObjectId spelled by 24 hex digits; a zero ObjectId for anything else (callers pass ids
// they made).
void append_oid_hex(bson_t* doc, const char* key, std::string_view hex);
// An array of strings: {key: [v0, v1, ...]}.
void append_strings(bson_t* doc, const char* key, const std::vector<std::string>& values);

// {key: {lat, lng, city?, country?}}
void append_location(bson_t* doc, const char* key, const location& loc);

// Readers take a dotted path ("location.lat") and return nullopt when the field is absent or
// has another type. Numbers accept int32, int64 and double; read_int64 truncates a double.
std::optional<std::string> read_string(const bson_t* doc, const char* path);
std::optional<int64_t> read_int64(const bson_t* doc, const char* path);
std::optional<double> read_double(const bson_t* doc, const char* path);
std::optional<bool> read_bool(const bson_t* doc, const char* path);
std::optional<int64_t> read_date_ms(const bson_t* doc, const char* path);
// The ObjectId at `path` as 24 lowercase hex characters.
std::optional<std::string> read_oid_hex(const bson_t* doc, const char* path);
// An array of strings; elements of another type are skipped. Absent -> empty.
std::vector<std::string> read_strings(const bson_t* doc, const char* path);
// The location sub-document at `path`; nullopt when absent or without numeric lat and lng.
std::optional<location> read_location(const bson_t* doc, const char* path);
// True when `path` exists, whatever its type (null included).
bool has_field(const bson_t* doc, const char* path);

}  // namespace storage
