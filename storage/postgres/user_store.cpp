#include "storage/postgres/user_store.hpp"

#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/pg_rows.hpp"
#include "storage/postgres/pg_values.hpp"

namespace storage {

result<user> read_user_row(const pg_result_set& r, int row) {
  user u;
  u.id = r.get(row, 0);
  u.email = r.get(row, 1);
  u.password_hash = r.get(row, 2);
  u.full_name = r.get(row, 3);
  u.role = r.get(row, 4);
  auto active = parse_pg_bool(r.get(row, 5));
  if (!active || !read_int64_columns(r, row, {{6, &u.created_at_us}, {7, &u.updated_at_us}}))
    return status::internal("users: unexpected column format");
  u.is_active = *active;
  return u;
}

namespace {

// The single row of `r`, or not_found when there is none.
result<user> single_user(result<pg_result_set> r) {
  if (!r.is_ok())
    return r.get_status();
  if (r->rows() == 0)
    return status::not_found("no such user");
  return read_user_row(r.value(), 0);
}

status not_found_user() { return status::not_found("no such user"); }

}  // namespace

result<user> create_user(pg_connection& c, const new_user& u) {
  return single_user(c.exec(queries::user_insert,
                            {u.email, u.password_hash, u.full_name, u.role, pg_bool(u.is_active)}));
}

result<user> get_user_by_id(pg_connection& c, const std::string& id) {
  if (!is_canonical_uuid(id))
    return not_found_user();
  return single_user(c.exec(queries::user_by_id, {id}));
}

result<user> get_user_by_email(pg_connection& c, const std::string& email) {
  return single_user(c.exec(queries::user_by_email, {email}));
}

result<user_page> list_users(pg_connection& c, const std::optional<user_cursor>& after, int limit,
                             const std::optional<std::string>& email_filter) {
  if (limit < 1 || limit > 1000)
    return status::invalid("limit must be in 1..1000");
  if (after && !is_canonical_uuid(after->id))
    return status::invalid("malformed cursor");
  pg_params params{after ? std::optional(std::to_string(after->created_at_us)) : std::nullopt,
                   after ? std::optional(after->id) : std::nullopt, email_filter,
                   std::to_string(limit + 1)};  // one more row tells whether a next page exists
  auto r = c.exec(queries::user_list, params);
  if (!r.is_ok())
    return r.get_status();
  user_page page;
  if (auto st = read_rows(r.value(), read_user_row, page.items, limit); !st.is_ok())
    return st;
  if (r->rows() > limit)
    page.next = user_cursor{page.items.back().created_at_us, page.items.back().id};
  return page;
}

result<user> update_user(pg_connection& c, const std::string& id, const user_changes& ch) {
  if (!is_canonical_uuid(id))
    return not_found_user();
  std::optional<std::string> active;
  if (ch.is_active)
    active = pg_bool(*ch.is_active);
  std::optional<std::string> keep;
  if (ch.keep_session_id && is_canonical_uuid(*ch.keep_session_id))
    keep = ch.keep_session_id;
  return single_user(
      c.exec(queries::user_update, {id, ch.full_name, ch.email, ch.password_hash, ch.role, active, keep}));
}

status delete_user(pg_connection& c, const std::string& id) {
  if (!is_canonical_uuid(id))
    return not_found_user();
  return changed_one(c.exec(queries::user_delete, {id}), not_found_user());
}

}  // namespace storage
