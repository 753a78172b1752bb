-- 0001 initial schema: users, their sessions, system configuration.
-- Runs in one transaction with the history insert (see docs/migrations.md); objects are created
-- in the first schema of the connection's search_path.

-- Keeps updated_at current on every UPDATE that changes the row. clock_timestamp(), not now():
-- two updates inside one transaction still move updated_at.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
    NEW.updated_at := clock_timestamp();
  END IF;
  RETURN NEW;
END;
$$;

CREATE TABLE users (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text        NOT NULL,
  password_hash text        NOT NULL,
  full_name     text        NOT NULL,
  role          text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  is_active     boolean     NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- Emails are unique regardless of case; get_by_email looks up lower(email).
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
-- Keyset pagination: newest first, id as the tie-breaker.
CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE user_sessions (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the bearer token; the token itself is never stored.
  token_hash bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_sessions_user_id_expires_at_idx ON user_sessions (user_id, expires_at);
CREATE INDEX user_sessions_expires_at_idx ON user_sessions (expires_at);

CREATE TABLE system_configs (
  key         text        PRIMARY KEY CHECK (key ~ '^[a-z0-9_.-]{1,64}$'),
  value       jsonb       NOT NULL,
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER system_configs_set_updated_at BEFORE UPDATE ON system_configs
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
