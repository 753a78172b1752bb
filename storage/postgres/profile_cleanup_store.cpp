#include "storage/postgres/profile_cleanup_store.hpp"

#include "storage/postgres/pg_rows.hpp"
#include "storage/postgres/pg_values.hpp"

// The statements of this store. They sit here rather than in pg_queries.hpp because only this
// file runs them; same rules: named constants, $n parameters, times as int64 microseconds.
#define P2P_US(col) "floor(extract(epoch from " col ") * 1000000)::bigint"
#define P2P_PENDING_COLUMNS \
  "user_id::text, " P2P_US("requested_at") ", attempts, last_error, " P2P_US("next_attempt_at")

namespace storage::queries {

// $1 user id, $2 milliseconds until the queued row is due. One statement, so one transaction:
// the DELETE (with its FK cascade to user_sessions) and the INSERT commit together or not at
// all. No row comes back when the user did not exist, and then nothing was inserted.
inline constexpr pg_statement user_delete_queue_profile{
    "user_delete_queue_profile",
    "WITH gone AS (DELETE FROM users WHERE id = $1::uuid RETURNING id) "
    "INSERT INTO pending_profile_deletions (user_id, next_attempt_at) "
    "SELECT id, clock_timestamp() + $2::bigint * interval '1 millisecond' FROM gone "
    "ON CONFLICT (user_id) DO UPDATE SET next_attempt_at = EXCLUDED.next_attempt_at "
    "RETURNING user_id",
    2};

// $1 limit, $2 lease in milliseconds. Claims the due rows, the longest due first: their next
// attempt moves past the lease, so no other instance takes them meanwhile (SKIP LOCKED: nor
// while this claim commits), and an instance that dies mid-way loses nothing (the lease runs
// out and the row is due again). The rows come back as they were before the claim.
inline constexpr pg_statement pending_profile_claim{
    "pending_profile_claim",
    "WITH due AS (SELECT user_id, next_attempt_at FROM pending_profile_deletions "
    "WHERE next_attempt_at <= clock_timestamp() ORDER BY next_attempt_at, user_id LIMIT $1::int "
    "FOR UPDATE SKIP LOCKED), "
    "claimed AS (UPDATE pending_profile_deletions p "
    "SET next_attempt_at = clock_timestamp() + $2::bigint * interval '1 millisecond' "
    "FROM due WHERE p.user_id = due.user_id "
    "RETURNING p.user_id, p.requested_at, p.attempts, p.last_error, due.next_attempt_at) "
    "SELECT " P2P_PENDING_COLUMNS " FROM claimed ORDER BY next_attempt_at, user_id",
    2};

inline constexpr pg_statement pending_profile_by_user{
    "pending_profile_by_user",
    "SELECT " P2P_PENDING_COLUMNS " FROM pending_profile_deletions WHERE user_id = $1::uuid", 1};

inline constexpr pg_statement pending_profile_delete{
    "pending_profile_delete", "DELETE FROM pending_profile_deletions WHERE user_id = $1::uuid", 1};

// $1 user id, $2 error text, $3 milliseconds until the next attempt.
inline constexpr pg_statement pending_profile_failed{
    "pending_profile_failed",
    "UPDATE pending_profile_deletions SET attempts = attempts + 1, last_error = left($2, 500), "
    "next_attempt_at = clock_timestamp() + $3::bigint * interval '1 millisecond' "
    "WHERE user_id = $1::uuid",
    3};

}  // namespace storage::queries

#undef P2P_US
#undef P2P_PENDING_COLUMNS

namespace storage {

namespace {

result<pending_profile_deletion> read_pending(const pg_result_set& r, int row) {
  pending_profile_deletion p;
  p.user_id = r.get(row, 0);
  std::int64_t attempts = 0;
  if (!read_int64_columns(r, row, {{1, &p.requested_at_us}, {2, &attempts}, {4, &p.next_attempt_at_us}}))
    return status::internal("pending_profile_deletions: unexpected column format");
  p.attempts = static_cast<int>(attempts);
  p.last_error = r.get_optional(row, 3);
  return p;
}

std::string millis(std::chrono::milliseconds d) { return std::to_string(d.count()); }

}  // namespace

status delete_user_and_queue_profile(pg_connection& c, const std::string& user_id,
                                     std::chrono::milliseconds first_retry_in) {
  if (!is_canonical_uuid(user_id))
    return status::not_found("no such user");
  auto r = c.exec(queries::user_delete_queue_profile, {user_id, millis(first_retry_in)});
  if (!r.is_ok())
    return r.get_status();
  return r->rows() == 0 ? status::not_found("no such user") : status::ok();
}

result<std::vector<pending_profile_deletion>> claim_profile_deletions(pg_connection& c, int limit,
                                                                     std::chrono::milliseconds lease) {
  if (limit < 1 || limit > 1000)
    return status::invalid("limit must be in 1..1000");
  auto r = c.exec(queries::pending_profile_claim, {std::to_string(limit), millis(lease)});
  if (!r.is_ok())
    return r.get_status();
  std::vector<pending_profile_deletion> out;
  if (auto st = read_rows(r.value(), read_pending, out); !st.is_ok())
    return st;
  return out;
}

result<pending_profile_deletion> find_profile_deletion(pg_connection& c, const std::string& user_id) {
  if (!is_canonical_uuid(user_id))
    return status::not_found("no pending profile deletion");
  auto r = c.exec(queries::pending_profile_by_user, {user_id});
  if (!r.is_ok())
    return r.get_status();
  if (r->rows() == 0)
    return status::not_found("no pending profile deletion");
  return read_pending(r.value(), 0);
}

status finish_profile_deletion(pg_connection& c, const std::string& user_id) {
  if (!is_canonical_uuid(user_id))
    return status::ok();  // such a row cannot exist
  return c.exec(queries::pending_profile_delete, {user_id}).get_status();
}

status record_profile_deletion_failure(pg_connection& c, const std::string& user_id,
                                       const std::string& error, std::chrono::milliseconds retry_in) {
  if (!is_canonical_uuid(user_id))
    return status::ok();
  return c.exec(queries::pending_profile_failed, {user_id, error, millis(retry_in)}).get_status();
}

}  // namespace storage
