-- Atrium's read models. One schema for MySQL/MariaDB and for H2 in MySQL mode. (MySQL counts
-- VARCHAR(n) as 4n bytes in utf8mb4 against a 64 KiB row: long lists are LONGTEXT.) Owned by the
-- projections module; the query side reads these tables, and they are the contract between them.

-- Where each projection stands in the event log, written in the same transaction as its rows.
CREATE TABLE projection_checkpoint (
    name       VARCHAR(100)  NOT NULL PRIMARY KEY,
    token      VARCHAR(8000) NOT NULL,
    position   BIGINT        NOT NULL,
    updated_at DATETIME(6)   NOT NULL
);

-- The catalogue: one row per mini-program, as MiniProgramView folds its events.
CREATE TABLE mini_program (
    id               VARCHAR(40)   NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(63)   NOT NULL,
    name             VARCHAR(64)   NOT NULL,
    description      VARCHAR(2000) NOT NULL,
    category         VARCHAR(32)   NOT NULL,
    tags             VARCHAR(1000) NOT NULL,
    developer        VARCHAR(128)  NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    delist_reason    VARCHAR(500),
    developer_frozen BOOLEAN       NOT NULL,
    current_version  VARCHAR(64),
    gray_release_id  VARCHAR(40),
    gray_version     VARCHAR(64),
    gray_rules       LONGTEXT,
    gray_started_at  DATETIME(6),
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    position         BIGINT        NOT NULL
);
CREATE INDEX ix_mini_program_tenant ON mini_program (tenant_id, created_at);
CREATE INDEX ix_mini_program_position ON mini_program (position);

CREATE TABLE mini_program_version (
    mini_program_id    VARCHAR(40)   NOT NULL,
    version            VARCHAR(64)   NOT NULL,
    upload_order       INT           NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    notes              VARCHAR(2000) NOT NULL,
    package_digest     CHAR(64)      NOT NULL,
    package_size       BIGINT        NOT NULL,
    files              LONGTEXT      NOT NULL,
    uploaded_by        VARCHAR(128)  NOT NULL,
    uploaded_at        DATETIME(6)   NOT NULL,
    reviewed_by        VARCHAR(128),
    rejection_reason   VARCHAR(500),
    reviewed_at        DATETIME(6),
    sealed_digest      CHAR(64),
    sealed_size        BIGINT,
    manifest_sha256    CHAR(64),
    manifest_signature VARCHAR(200),
    signing_key_id     VARCHAR(32),
    wrapped_data_key   VARCHAR(200),
    released_at        DATETIME(6),
    PRIMARY KEY (mini_program_id, version)
);

-- Host apps, with their custom APIs and menu items, and one row per associated mini-program with its grants.
CREATE TABLE host_app (
    id                VARCHAR(40)   NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(63)   NOT NULL,
    name              VARCHAR(64)   NOT NULL,
    bundle_ids        LONGTEXT      NOT NULL,
    domains           LONGTEXT      NOT NULL,
    secret_generation INT           NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    updated_at        DATETIME(6)   NOT NULL,
    position          BIGINT        NOT NULL
);
CREATE INDEX ix_host_app_tenant ON host_app (tenant_id, created_at);
CREATE INDEX ix_host_app_position ON host_app (position);

CREATE TABLE host_app_definition (
    host_app_id VARCHAR(40)  NOT NULL,
    kind        VARCHAR(8)   NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    label       VARCHAR(500) NOT NULL,
    PRIMARY KEY (host_app_id, kind, name)
);

CREATE TABLE host_app_mini_program (
    host_app_id     VARCHAR(40)   NOT NULL,
    mini_program_id VARCHAR(40)   NOT NULL,
    associated_at   DATETIME(6)   NOT NULL,
    api_groups      VARCHAR(200)  NOT NULL,
    apis            LONGTEXT      NOT NULL,
    menus           LONGTEXT      NOT NULL,
    scopes          LONGTEXT      NOT NULL,
    PRIMARY KEY (host_app_id, mini_program_id)
);

-- API keys as the query side authenticates them (by the SHA-256 of the presented key).
CREATE TABLE api_key_view (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(63)  NOT NULL,
    name          VARCHAR(100) NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    secret_sha256 CHAR(64)     NOT NULL,
    revoked       BOOLEAN      NOT NULL,
    issued_at     DATETIME(6)  NOT NULL,
    position      BIGINT       NOT NULL
);
CREATE UNIQUE INDEX ux_api_key_view_secret ON api_key_view (secret_sha256);

-- The operation log: every event with its metadata, in log order, each entry's hash covering the
-- previous entry's hash and the canonical form of the entry.
CREATE TABLE audit_log (
    seq             BIGINT       NOT NULL PRIMARY KEY,
    position        BIGINT       NOT NULL,
    event_id        VARCHAR(64)  NOT NULL,
    aggregate_id    VARCHAR(64)  NOT NULL,
    aggregate_type  VARCHAR(32)  NOT NULL,
    sequence_number BIGINT       NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    tenant_id       VARCHAR(63)  NOT NULL,
    actor           VARCHAR(128) NOT NULL,
    client_address  VARCHAR(64)  NOT NULL,
    correlation_id  VARCHAR(128) NOT NULL,
    causation_id    VARCHAR(64)  NOT NULL,
    command_name    VARCHAR(64)  NOT NULL,
    occurred_at     DATETIME(6)  NOT NULL,
    payload         LONGTEXT     NOT NULL,
    prev_hash       CHAR(64)     NOT NULL,
    hash            CHAR(64)     NOT NULL
);
CREATE UNIQUE INDEX ux_audit_log_position ON audit_log (position);
CREATE INDEX ix_audit_log_actor ON audit_log (tenant_id, actor, seq);
CREATE INDEX ix_audit_log_aggregate ON audit_log (tenant_id, aggregate_id, seq);
CREATE INDEX ix_audit_log_type ON audit_log (tenant_id, event_type, seq);
CREATE INDEX ix_audit_log_time ON audit_log (tenant_id, occurred_at);
