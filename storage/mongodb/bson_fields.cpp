#include "storage/mongodb/bson_fields.hpp"

#include <chrono>
#include <string>

#include "storage/mongodb/bson_oid.hpp"

namespace storage {

namespace {

int to_len(std::string_view s) { return static_cast<int>(s.size()); }

// Finds `path` (dotted) in `doc`; false when absent.
bool find(const bson_t* doc, const char* path, bson_iter_t* out) {
  bson_iter_t it;
  return doc && bson_iter_init(&it, doc) && bson_iter_find_descendant(&it, path, out);
}

}  // namespace

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void append_string(bson_t* doc, const char* key, std::string_view value) {
  bson_append_utf8(doc, key, -1, value.data(), to_len(value));
}

void append_date_ms(bson_t* doc, const char* key, int64_t ms) {
  bson_append_date_time(doc, key, -1, ms);
}

void append_int64(bson_t* doc, const char* key, int64_t value) {
  bson_append_int64(doc, key, -1, value);
}

void append_double(bson_t* doc, const char* key, double value) {
  bson_append_double(doc, key, -1, value);
}

void append_bool(bson_t* doc, const char* key, bool value) { bson_append_bool(doc, key, -1, value); }

void append_oid(bson_t* doc, const char* key, const bson_oid_t& oid) {
  bson_append_oid(doc, key, -1, &oid);
}

void append_oid_hex(bson_t* doc, const char* key, std::string_view hex) {
  append_oid(doc, key, parse_oid(hex).value_or(bson_oid_t{}));
}

void append_strings(bson_t* doc, const char* key, const std::vector<std::string>& values) {
  bson_t array;
  bson_append_array_begin(doc, key, -1, &array);
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string index = std::to_string(i);
    bson_append_utf8(&array, index.c_str(), -1, values[i].data(), to_len(values[i]));
  }
  bson_append_array_end(doc, &array);
}

void append_location(bson_t* doc, const char* key, const location& loc) {
  bson_t sub;
  bson_append_document_begin(doc, key, -1, &sub);
  append_double(&sub, "lat", loc.lat);
  append_double(&sub, "lng", loc.lng);
  if (loc.city)
    append_string(&sub, "city", *loc.city);
  if (loc.country)
    append_string(&sub, "country", *loc.country);
  bson_append_document_end(doc, &sub);
}

std::optional<location> read_location(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it) || !BSON_ITER_HOLDS_DOCUMENT(&it))
    return std::nullopt;
  uint32_t len = 0;
  const uint8_t* data = nullptr;
  bson_iter_document(&it, &len, &data);
  bson_t sub;
  if (!bson_init_static(&sub, data, len))
    return std::nullopt;
  auto lat = read_double(&sub, "lat");
  auto lng = read_double(&sub, "lng");
  if (!lat || !lng)
    return std::nullopt;
  return location{*lat, *lng, read_string(&sub, "city"), read_string(&sub, "country")};
}

std::optional<std::string> read_string(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it) || !BSON_ITER_HOLDS_UTF8(&it))
    return std::nullopt;
  uint32_t len = 0;
  const char* s = bson_iter_utf8(&it, &len);
  return std::string(s, len);
}

std::optional<int64_t> read_int64(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it))
    return std::nullopt;
  if (BSON_ITER_HOLDS_INT32(&it)) return bson_iter_int32(&it);
  if (BSON_ITER_HOLDS_INT64(&it)) return bson_iter_int64(&it);
  if (BSON_ITER_HOLDS_DOUBLE(&it)) return static_cast<int64_t>(bson_iter_double(&it));
  return std::nullopt;
}

std::optional<double> read_double(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it))
    return std::nullopt;
  if (BSON_ITER_HOLDS_DOUBLE(&it)) return bson_iter_double(&it);
  if (BSON_ITER_HOLDS_INT32(&it)) return bson_iter_int32(&it);
  if (BSON_ITER_HOLDS_INT64(&it)) return static_cast<double>(bson_iter_int64(&it));
  return std::nullopt;
}

std::optional<bool> read_bool(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it) || !BSON_ITER_HOLDS_BOOL(&it))
    return std::nullopt;
  return bson_iter_bool(&it);
}

std::optional<int64_t> read_date_ms(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it) || !BSON_ITER_HOLDS_DATE_TIME(&it))
    return std::nullopt;
  return bson_iter_date_time(&it);
}

std::optional<std::string> read_oid_hex(const bson_t* doc, const char* path) {
  bson_iter_t it;
  if (!find(doc, path, &it) || !BSON_ITER_HOLDS_OID(&it))
    return std::nullopt;
  return format_oid(*bson_iter_oid(&it));
}

std::vector<std::string> read_strings(const bson_t* doc, const char* path) {
  std::vector<std::string> out;
  bson_iter_t it, child;
  if (!find(doc, path, &it) || !BSON_ITER_HOLDS_ARRAY(&it) || !bson_iter_recurse(&it, &child))
    return out;
  while (bson_iter_next(&child)) {
    if (!BSON_ITER_HOLDS_UTF8(&child))
      continue;
    uint32_t len = 0;
    const char* s = bson_iter_utf8(&child, &len);
    out.emplace_back(s, len);
  }
  return out;
}

bool has_field(const bson_t* doc, const char* path) {
  bson_iter_t it;
  return find(doc, path, &it);
}

}  // namespace storage
