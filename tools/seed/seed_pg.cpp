#include "tools/seed/seed_pg.hpp"

#include "storage/postgres/pg_values.hpp"
#include "storage/postgres/user_store.hpp"
#include "tools/seed/seed_ids.hpp"

namespace storage::seed {

namespace {

// $1..$6 arrays of id, email, full_name, role, is_active, created_at (µs); $7 the hash.
constexpr pg_statement insert_users_stmt{
    "seed_users_insert",
    "INSERT INTO users (id, email, password_hash, full_name, role, is_active, created_at, updated_at) "
    "SELECT u.id, u.email, $7, u.full_name, u.role, u.is_active, "
    "timestamptz 'epoch' + u.created_us * interval '1 microsecond', "
    "timestamptz 'epoch' + u.created_us * interval '1 microsecond' "
    "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::bigint[]) "
    "AS u(id, email, full_name, role, is_active, created_us) "
    "ON CONFLICT DO NOTHING",
    7};

// $1 the id to start after (or NULL), $2 the page size. Columns as user_store reads them.
constexpr pg_statement users_page_stmt{
    "seed_users_page",
    "SELECT id::text, email, password_hash, full_name, role, is_active, "
    "floor(extract(epoch from created_at) * 1000000)::bigint, "
    "floor(extract(epoch from updated_at) * 1000000)::bigint "
    "FROM users WHERE ($1::uuid IS NULL OR id > $1::uuid) "
    "ORDER BY id LIMIT $2::int",
    2};

constexpr pg_statement delete_users_stmt{
    "seed_users_delete", "DELETE FROM users WHERE id = ANY($1::uuid[])", 1};

constexpr int page_rows = 5000;

}  // namespace

std::string pg_text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\')
        out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

result<std::int64_t> insert_users(pg_connection& c, const std::vector<user_record>& users,
                                  const std::string& password_hash) {
  if (users.empty())
    return std::int64_t{0};
  std::vector<std::string> ids, emails, names, roles, active, created;
  for (const auto& u : users) {
    ids.push_back(u.id);
    emails.push_back(u.email);
    names.push_back(u.full_name);
    roles.push_back(u.role);
    active.push_back(pg_bool(u.is_active));
    created.push_back(std::to_string(u.created_at_us));
  }
  auto r = c.exec(insert_users_stmt,
                  {pg_text_array(ids), pg_text_array(emails), pg_text_array(names),
                   pg_text_array(roles), pg_text_array(active), pg_text_array(created), password_hash});
  if (!r.is_ok())
    return r.get_status();
  return r->affected_rows();
}

status each_seeded_user(pg_connection& c, const std::function<void(const user&)>& visit) {
  std::optional<std::string> after;
  for (;;) {
    auto r = c.exec(users_page_stmt, {after, std::to_string(page_rows)});
    if (!r.is_ok())
      return r.get_status();
    for (int row = 0; row < r->rows(); ++row) {
      auto u = read_user_row(r.value(), row);
      if (!u.is_ok())
        return u.get_status();
      if (u->id == user_id(u->email))
        visit(u.value());
    }
    if (r->rows() < page_rows)
      return status::ok();
    after = std::string(r->get(r->rows() - 1, 0));
  }
}

result<std::int64_t> delete_users(pg_connection& c, const std::vector<std::string>& ids) {
  if (ids.empty())
    return std::int64_t{0};
  auto r = c.exec(delete_users_stmt, {pg_text_array(ids)});
  if (!r.is_ok())
    return r.get_status();
  return r->affected_rows();
}

}  // namespace storage::seed
