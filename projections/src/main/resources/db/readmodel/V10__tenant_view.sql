-- The read side's copy of every created tenant's state (active, suspended, deleted), kept by the
-- 'tenants' projection; a node without the write side refuses a tenant's keys and host apps by it.
CREATE TABLE tenant_view (
    id       VARCHAR(63) NOT NULL PRIMARY KEY,
    state    VARCHAR(16) NOT NULL,
    position BIGINT      NOT NULL
);
