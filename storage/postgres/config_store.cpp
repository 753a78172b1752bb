#include "storage/postgres/config_store.hpp"

#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/pg_rows.hpp"
#include "storage/postgres/pg_values.hpp"

namespace storage {

namespace {

result<config_entry> read_entry(const pg_result_set& r, int row) {
  config_entry e;
  e.key = r.get(row, 0);
  e.value_json = r.get(row, 1);
  e.description = r.get_optional(row, 2);
  if (!read_int64_columns(r, row, {{3, &e.created_at_us}, {4, &e.updated_at_us}}))
    return status::internal("system_configs: unexpected column format");
  return e;
}

status no_entry() { return status::not_found("no such configuration key"); }

}  // namespace

bool is_valid_config_key(const std::string& key) {
  if (key.empty() || key.size() > 64)
    return false;
  for (char ch : key) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '.' || ch == '-';
    if (!ok)
      return false;
  }
  return true;
}

result<config_entry> get_config(pg_connection& c, const std::string& key) {
  if (!is_valid_config_key(key))
    return no_entry();
  auto r = c.exec(queries::config_get, {key});
  if (!r.is_ok())
    return r.get_status();
  if (r->rows() == 0)
    return no_entry();
  return read_entry(r.value(), 0);
}

result<config_page> list_configs(pg_connection& c, const std::optional<std::string>& after, int limit) {
  if (limit < 1 || limit > 1000)
    return status::invalid("limit must be in 1..1000");
  auto r = c.exec(queries::config_list, {after, std::to_string(limit + 1)});
  if (!r.is_ok())
    return r.get_status();
  config_page page;
  if (auto st = read_rows(r.value(), read_entry, page.items, limit); !st.is_ok())
    return st;
  if (r->rows() > limit)
    page.next_after = page.items.back().key;
  return page;
}

result<config_upsert_result> upsert_config(pg_connection& c, const std::string& key,
                                           const std::string& value_json,
                                           const std::optional<std::string>& description) {
  if (!is_valid_config_key(key))
    return status::invalid("configuration key must match ^[a-z0-9_.-]{1,64}$");
  auto r = c.exec(queries::config_upsert, {key, value_json, description});
  if (!r.is_ok())
    return r.get_status();
  auto e = read_entry(r.value(), 0);
  auto created = parse_pg_bool(r->get(0, 5));
  if (!e.is_ok())
    return e.get_status();
  if (!created)
    return status::internal("system_configs: unexpected column format");
  return config_upsert_result{std::move(e.value()), *created};
}

status delete_config(pg_connection& c, const std::string& key) {
  if (!is_valid_config_key(key))
    return no_entry();
  return changed_one(c.exec(queries::config_delete, {key}), no_entry());
}

}  // namespace storage
