-- pgbench script: one user row by primary key, the same statement (columns and all) that
-- GET /api/v1/users/{id} runs (storage/postgres/pg_queries.hpp, user_by_id).
-- :nids comes from -D; p2p_bench.user_ids numbers the seeded ids 1..nids (scripts/bench creates
-- that table before the run and drops it after). The lookup in that small table is an InitPlan,
-- run once per execution; docs/benchmarks.md measures what it adds.
\set n random(1, :nids)
SELECT id::text, email, password_hash, full_name, role, is_active, floor(extract(epoch from created_at) * 1000000)::bigint, floor(extract(epoch from updated_at) * 1000000)::bigint FROM users WHERE id = (SELECT id FROM p2p_bench.user_ids WHERE n = :n);
