#include "storage/mongodb/bson_query.hpp"

#include <algorithm>
#include <string>

#include "storage/mongodb/bson_fields.hpp"

namespace storage {

std::string escape_regex(std::string_view text) {
  static constexpr std::string_view meta = "\\.+*?()|[]{}^$-/#";
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    if (meta.find(c) != std::string_view::npos)
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

bson_t* filter_builder::add(std::string key) {
  clauses_.push_back(clause{std::move(key), make_bson()});
  return clauses_.back().doc.get();
}

void filter_builder::equals(const char* field, std::string_view value) {
  append_string(add(field), field, value);
}

void filter_builder::equals_oid(const char* field, const bson_oid_t& value) {
  append_oid(add(field), field, value);
}

void filter_builder::equals_any(const char* field, const std::vector<std::string>& values) {
  bson_t* clause = add(field);
  bson_t op, list;
  bson_append_document_begin(clause, field, -1, &op);
  bson_append_array_begin(&op, "$in", -1, &list);
  for (size_t i = 0; i < values.size(); ++i)
    append_string(&list, std::to_string(i).c_str(), values[i]);
  bson_append_array_end(&op, &list);
  bson_append_document_end(clause, &op);
}

void filter_builder::greater_than(const char* field, std::string_view value) {
  bson_t* clause = add(field);
  bson_t op;
  bson_append_document_begin(clause, field, -1, &op);
  append_string(&op, "$gt", value);
  bson_append_document_end(clause, &op);
}

void filter_builder::contains_any(const std::vector<const char*>& fields, std::string_view text) {
  const std::string pattern = escape_regex(text);
  bson_t* clause = add("$or");
  bson_t any;
  bson_append_array_begin(clause, "$or", -1, &any);
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string index = std::to_string(i);
    bson_t alt, op;
    bson_append_document_begin(&any, index.c_str(), -1, &alt);
    bson_append_document_begin(&alt, fields[i], -1, &op);
    append_string(&op, "$regex", pattern);
    append_string(&op, "$options", "i");
    bson_append_document_end(&alt, &op);
    bson_append_document_end(&any, &alt);
  }
  bson_append_array_end(clause, &any);
}

void filter_builder::after_keyset(const char* time_field, int64_t time_ms, const bson_oid_t& id,
                                  bool descending) {
  const char* strict = descending ? "$lt" : "$gt";
  bson_t* bound = add(time_field);
  bson_t bound_op;
  bson_append_document_begin(bound, time_field, -1, &bound_op);
  append_date_ms(&bound_op, descending ? "$lte" : "$gte", time_ms);
  bson_append_document_end(bound, &bound_op);

  bson_t* clause = add("$or");
  bson_t any, first, first_op, second, second_op;
  bson_append_array_begin(clause, "$or", -1, &any);

  bson_append_document_begin(&any, "0", -1, &first);
  bson_append_document_begin(&first, time_field, -1, &first_op);
  append_date_ms(&first_op, strict, time_ms);
  bson_append_document_end(&first, &first_op);
  bson_append_document_end(&any, &first);

  bson_append_document_begin(&any, "1", -1, &second);
  bson_append_document_begin(&second, "_id", -1, &second_op);
  append_oid(&second_op, strict, id);
  bson_append_document_end(&second, &second_op);
  bson_append_document_end(&any, &second);

  bson_append_array_end(clause, &any);
}

bson_ptr filter_builder::build() {
  bson_ptr out = make_bson();
  std::vector<const clause*> nested;
  std::vector<std::string> used;
  for (const clause& c : clauses_) {
    if (std::find(used.begin(), used.end(), c.key) != used.end()) {
      nested.push_back(&c);
      continue;
    }
    used.push_back(c.key);
    bson_iter_t it;
    if (bson_iter_init(&it, c.doc.get()) && bson_iter_next(&it))
      bson_append_iter(out.get(), bson_iter_key(&it), -1, &it);
  }
  if (!nested.empty()) {
    bson_t all;
    bson_append_array_begin(out.get(), "$and", -1, &all);
    for (size_t i = 0; i < nested.size(); ++i) {
      const std::string index = std::to_string(i);
      bson_append_document(&all, index.c_str(), -1, nested[i]->doc.get());
    }
    bson_append_array_end(out.get(), &all);
  }
  clauses_.clear();
  return out;
}

}  // namespace storage
