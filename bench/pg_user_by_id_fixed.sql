-- pgbench script: the service's user-by-id SELECT (storage/postgres/pg_queries.hpp, user_by_id) exactly,
-- with its one parameter bound to a single seeded id (-D uid=...). The upper bound of the two
-- pgbench variants: one index lookup per transaction like the service, but always the same row,
-- where pg_user_by_id.sql draws a random row at the price of a second lookup (see
-- docs/benchmarks.md). One statement, so each connection plans it once and then reuses it, as
-- the service's connections do; many copies with different ids would measure planning instead.
SELECT id::text, email, password_hash, full_name, role, is_active, floor(extract(epoch from created_at) * 1000000)::bigint, floor(extract(epoch from updated_at) * 1000000)::bigint FROM users WHERE id = :uid::uuid;
