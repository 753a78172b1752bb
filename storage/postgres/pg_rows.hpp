// Reading the PostgreSQL stores' rows, in one place: each store has its own row reader (its
// columns in its query's order); these run it over a result and read its integer columns.
#pragma once

#include <climits>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_values.hpp"

namespace storage {

// Each {column, target}: column `column` of `row` as an integer into *target. False when one is
// no integer (int8 text is what the stores' queries return); the row is then malformed.
inline bool read_int64_columns(const pg_result_set& r, int row,
                               std::initializer_list<std::pair<int, std::int64_t*>> columns) {
  for (const auto& [column, target] : columns) {
    auto v = parse_int64(r.get(row, column));
    if (!v)
      return false;
    *target = *v;
  }
  return true;
}

// A statement that changes one row by its key (a delete): its error, `none` when it changed no
// row, ok otherwise.
inline status changed_one(const result<pg_result_set>& r, const status& none) {
  if (!r.is_ok())
    return r.get_status();
  return r->affected_rows() == 0 ? none : status::ok();
}

// The first `max_rows` rows of `r` (all by default), each read by `read` (a row reader:
// result<T>(const pg_result_set&, int row)), appended to `out`; the first row that does not read
// stops it with its status.
template <class T, class Read>
status read_rows(const pg_result_set& r, Read read, std::vector<T>& out, int max_rows = INT_MAX) {
  for (int i = 0; i < r.rows() && i < max_rows; ++i) {
    auto item = read(r, i);
    if (!item.is_ok())
      return item.get_status();
    out.push_back(std::move(item.value()));
  }
  return status::ok();
}

}  // namespace storage
