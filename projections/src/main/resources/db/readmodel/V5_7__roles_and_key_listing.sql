-- Custom roles as the read side lists them and as query-only nodes resolve them: one row per role a
-- tenant defines and has not deleted (the roles projection).
CREATE TABLE role_view (
    tenant_id   VARCHAR(63)  NOT NULL,
    name        VARCHAR(40)  NOT NULL,
    id          VARCHAR(40)  NOT NULL,
    description VARCHAR(200) NOT NULL,
    permissions VARCHAR(400) NOT NULL,
    defined_at  DATETIME(6)  NOT NULL,
    changed_at  DATETIME(6)  NOT NULL,
    position    BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- The key list (GET /api/v1/api-keys) names who issued each key and when it was revoked. Keys projected
-- before this column existed show '' until the api-keys projection is replayed.
ALTER TABLE api_key_view ADD COLUMN issued_by VARCHAR(128) NOT NULL DEFAULT '';
ALTER TABLE api_key_view ADD COLUMN revoked_at DATETIME(6) NULL;
CREATE INDEX ix_api_key_view_tenant ON api_key_view (tenant_id, issued_at);
