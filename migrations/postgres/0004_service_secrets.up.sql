-- 0004 service secrets: secrets that every service instance shares and that no API serves,
-- created once by the first instance that needs one and read by every other at startup
-- (storage/postgres/service_secret_store, cli/startup.cpp). Not system_configs: that table is
-- served to admins by /api/v1/configs, and a secret must never be readable through the API.
-- One row today: 'cursor_key', which seals the ?cursor= tokens (http/cursor.hpp), so that every
-- instance behind a balancer accepts every other's cursors without any configuration. An
-- explicit key (P2P_CURSOR_KEY_FILE, the cursor-key credential) is used instead when given.
-- Rotating it: delete the row and restart every instance (outstanding cursors then answer 400).
CREATE TABLE service_secrets (
  name       text        PRIMARY KEY CHECK (name ~ '^[a-z0-9_.-]{1,64}$'),
  value      bytea       NOT NULL CHECK (octet_length(value) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
