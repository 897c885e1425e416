-- Poison events an operator told a projection to skip (each skip is also an event in the log:
-- atrium.projection.ProjectionEventSkipped). A replay passes over these positions instead of stopping.
CREATE TABLE projection_skip (
    projection VARCHAR(64)  NOT NULL,
    position   BIGINT       NOT NULL,
    event_type VARCHAR(255) NOT NULL,
    reason     VARCHAR(500) NOT NULL,
    skipped_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (projection, position)
);
