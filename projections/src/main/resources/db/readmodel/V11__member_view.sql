-- Members as the read side lists them (no secrets, no tokens).
CREATE TABLE member_view (
    id            VARCHAR(40)   NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(63)   NOT NULL,
    email         VARCHAR(254)  NOT NULL,
    display_name  VARCHAR(200)  NOT NULL,
    roles         VARCHAR(2000) NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    second_factor BOOLEAN       NOT NULL,
    invited_at    DATETIME(6)   NOT NULL,
    last_login_at DATETIME(6),
    position      BIGINT        NOT NULL
);
CREATE INDEX ix_member_view_tenant ON member_view (tenant_id, invited_at);
