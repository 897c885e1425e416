-- Cluster mode: the relay that publishes committed events to Kafka. One row per topic: which command
-- node holds the relay (a lease without clocks: the holder bumps heartbeat every few seconds; another
-- node takes over once it has seen the same heartbeat for the lease time, by compare-and-set) and how
-- far it has published, so a restarted or new holder resumes without a gap.
CREATE TABLE event_relay (
    name           VARCHAR(200)  NOT NULL PRIMARY KEY,
    holder         VARCHAR(200)  NOT NULL,
    heartbeat      BIGINT        NOT NULL,
    token          VARCHAR(8000) NOT NULL,
    last_published BIGINT        NOT NULL,
    published      BIGINT        NOT NULL
);
