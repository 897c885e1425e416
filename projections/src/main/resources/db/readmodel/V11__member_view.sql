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

-- Members' tokens as a node without the write side authenticates them: digests only, with the
-- session's revocation (logout, refresh reuse, disabling) applied to every token of the session.
CREATE TABLE member_token_view (
    token_sha256 CHAR(64)    NOT NULL PRIMARY KEY,
    kind         VARCHAR(8)  NOT NULL,
    member_id    VARCHAR(40) NOT NULL,
    session_id   VARCHAR(40) NOT NULL,
    expires_at   DATETIME(6) NOT NULL,
    revoked      BOOLEAN     NOT NULL,
    position     BIGINT      NOT NULL
);
CREATE INDEX ix_member_token_view_session ON member_token_view (session_id);
CREATE INDEX ix_member_token_view_member ON member_token_view (member_id);
