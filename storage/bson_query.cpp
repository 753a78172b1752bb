#include "storage/bson_query.hpp"

#include <string>

#include "storage/bson_fields.hpp"

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

bson_t* filter_builder::add() {
  clauses_.push_back(make_bson());
  return clauses_.back().get();
}

void filter_builder::equals(const char* field, std::string_view value) {
  append_string(add(), field, value);
}

void filter_builder::equals_oid(const char* field, const bson_oid_t& value) {
  append_oid(add(), field, value);
}

void filter_builder::not_equals(const char* field, std::string_view value) {
  bson_t* clause = add();
  bson_t op;
  bson_append_document_begin(clause, field, -1, &op);
  append_string(&op, "$ne", value);
  bson_append_document_end(clause, &op);
}

void filter_builder::greater_than(const char* field, std::string_view value) {
  bson_t* clause = add();
  bson_t op;
  bson_append_document_begin(clause, field, -1, &op);
  append_string(&op, "$gt", value);
  bson_append_document_end(clause, &op);
}

void filter_builder::contains_any(const std::vector<const char*>& fields, std::string_view text) {
  const std::string pattern = escape_regex(text);
  bson_t* clause = add();
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

void filter_builder::between(const char* field, double lo, double hi) {
  bson_t* clause = add();
  bson_t op;
  bson_append_document_begin(clause, field, -1, &op);
  append_double(&op, "$gte", lo);
  append_double(&op, "$lte", hi);
  bson_append_document_end(clause, &op);
}

void filter_builder::in_ranges(const char* field,
                               const std::vector<std::pair<double, double>>& ranges) {
  if (ranges.empty())
    return;
  if (ranges.size() == 1) {
    between(field, ranges[0].first, ranges[0].second);
    return;
  }
  bson_t* clause = add();
  bson_t any;
  bson_append_array_begin(clause, "$or", -1, &any);
  for (size_t i = 0; i < ranges.size(); ++i) {
    const std::string index = std::to_string(i);
    bson_t alt, op;
    bson_append_document_begin(&any, index.c_str(), -1, &alt);
    bson_append_document_begin(&alt, field, -1, &op);
    append_double(&op, "$gte", ranges[i].first);
    append_double(&op, "$lte", ranges[i].second);
    bson_append_document_end(&alt, &op);
    bson_append_document_end(&any, &alt);
  }
  bson_append_array_end(clause, &any);
}

void filter_builder::after_keyset(const char* time_field, int64_t time_ms, const bson_oid_t& id,
                                  bool descending) {
  const char* cmp = descending ? "$lt" : "$gt";
  bson_t* clause = add();
  bson_t any, first, first_op, second, second_op;
  bson_append_array_begin(clause, "$or", -1, &any);

  bson_append_document_begin(&any, "0", -1, &first);
  bson_append_document_begin(&first, time_field, -1, &first_op);
  append_date_ms(&first_op, cmp, time_ms);
  bson_append_document_end(&first, &first_op);
  bson_append_document_end(&any, &first);

  bson_append_document_begin(&any, "1", -1, &second);
  append_date_ms(&second, time_field, time_ms);
  bson_append_document_begin(&second, "_id", -1, &second_op);
  append_oid(&second_op, cmp, id);
  bson_append_document_end(&second, &second_op);
  bson_append_document_end(&any, &second);

  bson_append_array_end(clause, &any);
}

bson_ptr filter_builder::build() {
  if (clauses_.empty())
    return make_bson();
  if (clauses_.size() == 1) {
    bson_ptr only = std::move(clauses_.front());
    clauses_.clear();
    return only;
  }
  bson_ptr out = make_bson();
  bson_t all;
  bson_append_array_begin(out.get(), "$and", -1, &all);
  for (size_t i = 0; i < clauses_.size(); ++i) {
    const std::string index = std::to_string(i);
    bson_append_document(&all, index.c_str(), -1, clauses_[i].get());
  }
  bson_append_array_end(out.get(), &all);
  clauses_.clear();
  return out;
}

}  // namespace storage
