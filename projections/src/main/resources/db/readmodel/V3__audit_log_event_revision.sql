-- The revision of the payload each operation-log entry holds, so that time travel can upcast an
-- entry written before its event's shape changed. NULL on entries written before event types had
-- stable names: those hold the class's simple name as event_type and a revision-1 payload.
ALTER TABLE audit_log ADD COLUMN event_revision INT;
