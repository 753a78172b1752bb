#include "storage/postgres/session_store.hpp"

#include "storage/postgres/pg_queries.hpp"
#include "storage/postgres/pg_rows.hpp"
#include "storage/postgres/pg_values.hpp"

namespace storage {

namespace {

result<session> read_session(const pg_result_set& r, int row) {
  session s;
  s.id = r.get(row, 0);
  s.user_id = r.get(row, 1);
  s.token_hash = r.get(row, 2);
  if (!read_int64_columns(r, row, {{3, &s.expires_at_us}, {4, &s.created_at_us}}))
    return status::internal("user_sessions: unexpected column format");
  return s;
}

status no_session() { return status::not_found("no such session"); }

// Lower-case, so that the stored bytes and the returned text match whatever case came in.
std::string lower_hex(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'F')
      ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

}  // namespace

result<session> create_session(pg_connection& c, const std::string& user_id,
                               const std::string& token_hash, std::int64_t expires_at_us) {
  if (!is_sha256_hex(token_hash))
    return status::invalid("token hash must be 64 hex digits");
  if (!is_canonical_uuid(user_id))
    return status::not_found("no such user");
  auto r = c.exec(queries::session_insert,
                  {user_id, lower_hex(token_hash), std::to_string(expires_at_us)});
  if (!r.is_ok()) {
    if (r.get_status().error_code() == code::not_found)  // 23503: the user is gone
      return status::not_found("no such user");
    return r.get_status();
  }
  return read_session(r.value(), 0);
}

result<session> find_session_by_token_hash(pg_connection& c, const std::string& token_hash) {
  if (!is_sha256_hex(token_hash))
    return no_session();
  auto r = c.exec(queries::session_by_token, {lower_hex(token_hash)});
  if (!r.is_ok())
    return r.get_status();
  if (r->rows() == 0)
    return no_session();
  return read_session(r.value(), 0);
}

result<std::vector<session>> list_active_sessions(pg_connection& c, const std::string& user_id,
                                                  int limit) {
  if (limit < 1 || limit > 1000)
    return status::invalid("limit must be in 1..1000");
  std::vector<session> out;
  if (!is_canonical_uuid(user_id))
    return out;
  auto r = c.exec(queries::session_list_active, {user_id, std::to_string(limit)});
  if (!r.is_ok())
    return r.get_status();
  if (auto st = read_rows(r.value(), read_session, out); !st.is_ok())
    return st;
  return out;
}

status revoke_session(pg_connection& c, const std::string& session_id) {
  if (!is_canonical_uuid(session_id))
    return no_session();
  return changed_one(c.exec(queries::session_delete, {session_id}), no_session());
}

status revoke_session_by_token_hash(pg_connection& c, const std::string& token_hash) {
  if (!is_sha256_hex(token_hash))
    return no_session();
  return changed_one(c.exec(queries::session_delete_by_token, {lower_hex(token_hash)}), no_session());
}

result<std::int64_t> purge_expired_sessions(pg_connection& c) {
  auto r = c.exec(queries::session_purge_expired, {});
  if (!r.is_ok())
    return r.get_status();
  return r->affected_rows();
}

}  // namespace storage
