// Every SQL statement the storage layer runs, as named constants with $n parameters. Tables
// come from migrations/postgres; names resolve through the connection's search_path. No SQL is
// ever built from input. Timestamps travel as int64 microseconds since the Unix epoch:
// out as floor(extract(epoch from ts) * 1000000)::bigint (exact: extract returns numeric),
// in as timestamptz 'epoch' + $n::bigint * interval '1 microsecond'.
#pragma once

#include "storage/postgres/pg_connection.hpp"

// Compile-time string pieces shared by several statements (literal concatenation only).
#define P2P_US(col) "floor(extract(epoch from " col ") * 1000000)::bigint"
#define P2P_USER_COLUMNS \
  "id::text, email, password_hash, full_name, role, is_active, " P2P_US("created_at") ", " P2P_US("updated_at")
#define P2P_SESSION_COLUMNS \
  "id::text, user_id::text, encode(token_hash, 'hex'), " P2P_US("expires_at") ", " P2P_US("created_at")
#define P2P_CONFIG_COLUMNS \
  "key, value::text, description, " P2P_US("created_at") ", " P2P_US("updated_at")

namespace storage::queries {

// --- connection -------------------------------------------------------------------------
// $1 milliseconds as text; is_local=false: for the session.
inline constexpr pg_statement set_statement_timeout{
    "conn_set_statement_timeout", "SELECT set_config('statement_timeout', $1, false)", 1};

// The client port the server sees (NULL over a Unix socket): pg_connection::behind_proxy.
inline constexpr pg_statement client_port{"conn_client_port", "SELECT inet_client_port()::text", 0};

// max_connections and the connections reserved for superusers: the connection budget.
inline constexpr pg_statement server_connection_limits{
    "conn_limits", "SELECT current_setting('max_connections'), current_setting('superuser_reserved_connections')", 0};

// --- users (storage/postgres/user_store) ---------------------------------------------------------
// $1 email, $2 password_hash, $3 full_name, $4 role, $5 is_active
inline constexpr pg_statement user_insert{
    "user_insert",
    "INSERT INTO users (email, password_hash, full_name, role, is_active) "
    "VALUES ($1, $2, $3, $4, $5::boolean) RETURNING " P2P_USER_COLUMNS,
    5};

inline constexpr pg_statement user_by_id{
    "user_by_id", "SELECT " P2P_USER_COLUMNS " FROM users WHERE id = $1::uuid", 1};

inline constexpr pg_statement user_by_email{
    "user_by_email", "SELECT " P2P_USER_COLUMNS " FROM users WHERE lower(email) = lower($1)", 1};

// $1 cursor created_at (µs) or NULL for the first page, $2 cursor id, $3 email filter or
// NULL, $4 limit. Newest first; the row comparison makes pages stable under inserts.
inline constexpr pg_statement user_list{
    "user_list",
    "SELECT " P2P_USER_COLUMNS " FROM users "
    "WHERE ($1::bigint IS NULL OR (created_at, id) < "
    "(timestamptz 'epoch' + $1::bigint * interval '1 microsecond', $2::uuid)) "
    "AND ($3::text IS NULL OR lower(email) = lower($3::text)) "
    "ORDER BY created_at DESC, id DESC LIMIT $4::int",
    4};

// $1 id; $2..$6 new full_name, email, password_hash, role, is_active, each NULL to keep.
// In the same statement (so no request can slip in between the change and the revocation):
//   - a deactivation ($6 false) or a change of role ($5 other than the stored role) revokes
//     every session of the user;
//   - a new password ($4) revokes every session of the user but $7 (the caller's own, or NULL
//     for all).
// Every part of a WITH statement sees the rows as they were before it, so `users` in
// `revoked` still holds the old role.
inline constexpr pg_statement user_update{
    "user_update",
    "WITH changed AS ("
    "UPDATE users SET full_name = COALESCE($2, full_name), email = COALESCE($3, email), "
    "password_hash = COALESCE($4, password_hash), role = COALESCE($5, role), "
    "is_active = COALESCE($6::boolean, is_active) "
    "WHERE id = $1::uuid RETURNING " P2P_USER_COLUMNS "), "
    "revoked AS (DELETE FROM user_sessions WHERE user_id = $1::uuid AND EXISTS (SELECT 1 FROM changed) AND ("
    "$6::boolean IS FALSE "
    "OR EXISTS (SELECT 1 FROM users old WHERE old.id = $1::uuid AND old.role <> $5::text) "
    "OR ($4::text IS NOT NULL AND ($7::uuid IS NULL OR id <> $7::uuid)))) "
    "SELECT * FROM changed",
    7};

inline constexpr pg_statement user_delete{"user_delete", "DELETE FROM users WHERE id = $1::uuid", 1};

// --- sessions (storage/postgres/session_store) ---------------------------------------------------
// $1 user_id, $2 token hash (64 hex), $3 expires_at (µs)
inline constexpr pg_statement session_insert{
    "session_insert",
    "INSERT INTO user_sessions (user_id, token_hash, expires_at) "
    "VALUES ($1::uuid, decode($2, 'hex'), timestamptz 'epoch' + $3::bigint * interval '1 microsecond') "
    "RETURNING " P2P_SESSION_COLUMNS,
    3};

inline constexpr pg_statement session_by_token{
    "session_by_token",
    "SELECT " P2P_SESSION_COLUMNS " FROM user_sessions "
    "WHERE token_hash = decode($1, 'hex') AND expires_at > clock_timestamp()",
    1};

// $1 user_id, $2 limit
inline constexpr pg_statement session_list_active{
    "session_list_active",
    "SELECT " P2P_SESSION_COLUMNS " FROM user_sessions "
    "WHERE user_id = $1::uuid AND expires_at > clock_timestamp() "
    "ORDER BY created_at DESC, id DESC LIMIT $2::int",
    2};

inline constexpr pg_statement session_delete{
    "session_delete", "DELETE FROM user_sessions WHERE id = $1::uuid", 1};

inline constexpr pg_statement session_delete_by_token{
    "session_delete_by_token", "DELETE FROM user_sessions WHERE token_hash = decode($1, 'hex')", 1};

// At most 10 000 expired sessions per call, the rows another instance's purge holds skipped:
// with N instances the janitors share the work, and none waits on another's locks.
inline constexpr pg_statement session_purge_expired{
    "session_purge_expired",
    "DELETE FROM user_sessions WHERE id IN (SELECT id FROM user_sessions WHERE expires_at <= clock_timestamp() "
    "ORDER BY expires_at LIMIT 10000 FOR UPDATE SKIP LOCKED)",
    0};

// --- system configuration (storage/postgres/config_store) ----------------------------------------
inline constexpr pg_statement config_get{
    "config_get", "SELECT " P2P_CONFIG_COLUMNS " FROM system_configs WHERE key = $1", 1};

// $1 key to start after, or NULL for the first page; $2 limit
inline constexpr pg_statement config_list{
    "config_list",
    "SELECT " P2P_CONFIG_COLUMNS " FROM system_configs "
    "WHERE ($1::text IS NULL OR key > $1::text) ORDER BY key LIMIT $2::int",
    2};

// $1 key, $2 value (JSON text), $3 description or NULL to keep the current one.
// xmax = 0 holds only for a freshly inserted row version: the "created" flag.
inline constexpr pg_statement config_upsert{
    "config_upsert",
    "INSERT INTO system_configs AS c (key, value, description) VALUES ($1, $2::jsonb, $3) "
    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "
    "description = COALESCE(EXCLUDED.description, c.description) "
    "RETURNING " P2P_CONFIG_COLUMNS ", (xmax = 0)",
    3};

inline constexpr pg_statement config_delete{
    "config_delete", "DELETE FROM system_configs WHERE key = $1", 1};

// --- migrations (storage/postgres/pg_migrator) ---------------------------------------------------
inline constexpr const char* migrations_create_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now(), duration_ms bigint NOT NULL DEFAULT 0,"
    " dirty boolean NOT NULL DEFAULT false)";

inline constexpr pg_statement migrations_table_exists{
    "mig_table_exists", "SELECT to_regclass('schema_migrations') IS NOT NULL", 0};

inline constexpr pg_statement migrations_list{
    "mig_list",
    "SELECT version, name, checksum, " P2P_US("applied_at") ", duration_ms, dirty "
    "FROM schema_migrations ORDER BY version",
    0};

// $1 version, $2 name, $3 checksum, $4 duration_ms
inline constexpr pg_statement migrations_insert{
    "mig_insert",
    "INSERT INTO schema_migrations (version, name, checksum, duration_ms, dirty) "
    "VALUES ($1::int, $2, $3, $4::bigint, false)",
    4};

// $1 version, $2 name, $3 checksum: marks (or records) a failed migration.
inline constexpr pg_statement migrations_mark_dirty{
    "mig_mark_dirty",
    "INSERT INTO schema_migrations (version, name, checksum, dirty) VALUES ($1::int, $2, $3, true) "
    "ON CONFLICT (version) DO UPDATE SET dirty = true",
    3};

inline constexpr pg_statement migrations_delete{
    "mig_delete", "DELETE FROM schema_migrations WHERE version = $1::int", 1};

inline constexpr pg_statement migrations_delete_above{
    "mig_delete_above", "DELETE FROM schema_migrations WHERE version > $1::int", 1};

// force: $1 version, $2 name, $3 checksum; keeps applied_at and duration of an existing row.
inline constexpr pg_statement migrations_force_row{
    "mig_force_row",
    "INSERT INTO schema_migrations (version, name, checksum, dirty) VALUES ($1::int, $2, $3, false) "
    "ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, dirty = false",
    3};

// $1 the lock key (a session-level advisory lock; see pg_migrator.hpp).
inline constexpr pg_statement migrations_try_lock{
    "mig_try_lock", "SELECT pg_try_advisory_lock($1::bigint)", 1};

inline constexpr pg_statement migrations_unlock{
    "mig_unlock", "SELECT pg_advisory_unlock($1::bigint)", 1};

}  // namespace storage::queries

#undef P2P_US
#undef P2P_USER_COLUMNS
#undef P2P_SESSION_COLUMNS
#undef P2P_CONFIG_COLUMNS
