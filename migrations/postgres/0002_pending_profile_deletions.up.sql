-- 0002 pending profile deletions: users already deleted in PostgreSQL whose MongoDB profile is
-- still to be deleted. DELETE /api/v1/users/{id} removes the user and adds its row here in one
-- transaction; actors/profile_cleanup deletes the profile and then the row, retrying with a
-- per-row backoff while MongoDB is unreachable (docs/api.md, "Deleting a user").
-- No foreign key to users: the user's row is gone by the time its row lands here.
CREATE TABLE pending_profile_deletions (
  user_id         uuid        PRIMARY KEY,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      text,
  -- When the next attempt is due: requested_at plus the backoff after each failed attempt.
  next_attempt_at timestamptz NOT NULL DEFAULT now()
);
-- The cleanup pass reads the rows that are due, oldest due first.
CREATE INDEX pending_profile_deletions_next_attempt_at_idx
  ON pending_profile_deletions (next_attempt_at);
