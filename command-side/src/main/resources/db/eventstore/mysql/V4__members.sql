-- Members, their tokens, login attempts and login policies as the write side authenticates and
-- decides with them: written in the transaction of the events that change them (see MemberTable).

-- One row per e-mail address in use in a tenant: the unique key keeps two members from sharing one.
CREATE TABLE member_email (
    tenant_id VARCHAR(63)  NOT NULL,
    email     VARCHAR(254) NOT NULL,
    member_id VARCHAR(40)  NOT NULL,
    PRIMARY KEY (tenant_id, email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Secrets (password hash, TOTP secret) are here and never in the events.
CREATE TABLE member (
    id                    VARCHAR(40)   NOT NULL PRIMARY KEY,
    tenant_id             VARCHAR(63)   NOT NULL,
    email                 VARCHAR(254)  NOT NULL,
    display_name          VARCHAR(200)  NOT NULL,
    roles                 VARCHAR(2000) NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    invitation_sha256     CHAR(64),
    invitation_expires_at DATETIME(6),
    password_hash         VARCHAR(200),
    password_set_at       DATETIME(6),
    totp_secret           VARCHAR(64),
    totp_pending          VARCHAR(64),
    totp_enrolled         BOOLEAN       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX ix_member_email ON member (tenant_id, email);
CREATE INDEX ix_member_invitation ON member (invitation_sha256);

CREATE TABLE member_recovery_code (
    member_id   VARCHAR(40) NOT NULL,
    code_sha256 CHAR(64)    NOT NULL,
    PRIMARY KEY (member_id, code_sha256)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A session is one login's token family; revoking it ends every token of it.
CREATE TABLE member_session (
    session_id VARCHAR(40) NOT NULL PRIMARY KEY,
    member_id  VARCHAR(40) NOT NULL,
    revoked    BOOLEAN     NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX ix_member_session_member ON member_session (member_id);

CREATE TABLE member_token (
    token_sha256 CHAR(64)    NOT NULL PRIMARY KEY,
    kind         VARCHAR(8)  NOT NULL,
    member_id    VARCHAR(40) NOT NULL,
    session_id   VARCHAR(40) NOT NULL,
    expires_at   DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX ix_member_token_session ON member_token (session_id);
CREATE INDEX ix_member_token_member ON member_token (member_id);

CREATE TABLE login_attempts (
    id           VARCHAR(40) NOT NULL PRIMARY KEY,
    failures     INT         NOT NULL,
    locked_until DATETIME(6)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE login_policy (
    tenant_id           VARCHAR(63) NOT NULL PRIMARY KEY,
    min_length          INT         NOT NULL,
    required_classes    VARCHAR(64) NOT NULL,
    reject_common       BOOLEAN     NOT NULL,
    expiry_days         INT         NOT NULL,
    max_failed_attempts INT         NOT NULL,
    lockout_minutes     INT         NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
