-- 0003 revocation notifications, reverted: instances then see revocations made elsewhere only
-- when their cached entries expire (auth.session_cache_s).
DROP TRIGGER IF EXISTS users_notify_deleted ON users;
DROP TRIGGER IF EXISTS users_notify_changed ON users;
DROP FUNCTION IF EXISTS notify_user_changed();
DROP TRIGGER IF EXISTS user_sessions_notify_revoked ON user_sessions;
DROP FUNCTION IF EXISTS notify_session_revoked();
