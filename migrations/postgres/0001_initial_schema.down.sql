-- 0001 initial schema, reverted: drops everything the up file created (data included).
DROP TABLE IF EXISTS system_configs;
DROP TABLE IF EXISTS user_sessions;
DROP TABLE IF EXISTS users;
DROP FUNCTION IF EXISTS set_updated_at();
