-- 0004 service secrets, reverted: the shared cursor key is gone. Instances of a release that
-- needs the table refuse to start on this schema (or recreate it with migrate_on_start, with a
-- new key: outstanding cursors then answer 400 once).
DROP TABLE IF EXISTS service_secrets;
