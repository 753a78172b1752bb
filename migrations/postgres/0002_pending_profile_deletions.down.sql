-- 0002 pending profile deletions, reverted: drops the queue (profiles still listed there are
-- then never deleted from MongoDB).
DROP TABLE IF EXISTS pending_profile_deletions;
