-- The tenants a platform operator created and their state (active, suspended, deleted), written in
-- the transaction of the tenant's events; the security path refuses the credentials of a tenant that
-- is not active. The platform's own tenant ('default') has no row: it is always active.
CREATE TABLE tenant (
    id         VARCHAR(63)  NOT NULL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    reason     VARCHAR(500),
    created_at TIMESTAMP    NOT NULL,
    changed_at TIMESTAMP    NOT NULL
);
