-- Where a feed adapter resumes reading, saved in the same transaction as the checkpoint it belongs to.
-- The Kafka feed keeps its next offset per partition here ("0:1234,1:987"), so a restarted projection
-- seeks to exactly what it has applied, whatever offsets the consumer group committed. The in-process
-- feed leaves it empty: the event store is read by position alone.
ALTER TABLE projection_checkpoint ADD COLUMN feed_resume VARCHAR(4000) NOT NULL DEFAULT '';
