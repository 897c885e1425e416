-- Custom roles as the write side resolves them on every request: written by a subscribing handler in
-- the transaction of the role's events (like api_key), so it never disagrees with the event log. One
-- row per role a tenant defines and has not deleted; the name is unique within the tenant.
CREATE TABLE tenant_role (
    tenant_id   VARCHAR(63)  NOT NULL,
    name        VARCHAR(40)  NOT NULL,
    id          VARCHAR(40)  NOT NULL,
    description VARCHAR(200) NOT NULL,
    permissions VARCHAR(400) NOT NULL,
    PRIMARY KEY (tenant_id, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
