-- 0003 revocation notifications: every revocation of a live session, and every change that
-- ends a user's sessions (role, activity, password, deletion), is announced on the channel
-- p2p_revocations, so that every service instance evicts its cached entries at once
-- (actors/revocation_listener; docs/architecture.md, "Authentication"). NOTIFY is
-- transactional: the message goes out when the change commits, and not at all if it rolls back.
-- Payloads: 't:' || hex(token_hash) for a session, 'u:' || user id for a user.

CREATE FUNCTION notify_session_revoked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Expired sessions (the janitor's purge) were refused everywhere already.
  IF OLD.expires_at > now() THEN
    PERFORM pg_notify('p2p_revocations', 't:' || encode(OLD.token_hash, 'hex'));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER user_sessions_notify_revoked AFTER DELETE ON user_sessions
  FOR EACH ROW EXECUTE FUNCTION notify_session_revoked();

CREATE FUNCTION notify_user_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('p2p_revocations', 'u:' || COALESCE(NEW.id, OLD.id)::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER users_notify_changed AFTER UPDATE OF role, is_active, password_hash ON users
  FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.is_active IS DISTINCT FROM NEW.is_active
                     OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION notify_user_changed();

CREATE TRIGGER users_notify_deleted AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_user_changed();
