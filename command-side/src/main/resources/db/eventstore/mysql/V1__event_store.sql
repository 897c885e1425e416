-- The write side's own tables: Axon's event and snapshot tables, its token table, API keys (kept
-- in the same transaction as the events that change them) and idempotency records.
CREATE TABLE domain_event_entry (
    global_index         BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_identifier     VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              LONGBLOB     NOT NULL,
    meta_data            LONGBLOB,
    CONSTRAINT uk_event_identifier UNIQUE (event_identifier),
    CONSTRAINT uk_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              LONGBLOB     NOT NULL,
    meta_data            LONGBLOB,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT uk_snapshot_event_identifier UNIQUE (event_identifier)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INT          NOT NULL,
    token          LONGBLOB,
    token_type     VARCHAR(255),
    time_stamp     VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE api_key (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(63)  NOT NULL,
    name          VARCHAR(100) NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    secret_sha256 CHAR(64)     NOT NULL,
    revoked       BOOLEAN      NOT NULL,
    issued_at     DATETIME(6)  NOT NULL,
    CONSTRAINT uk_api_key_secret UNIQUE (secret_sha256)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE idempotency_record (
    tenant_id       VARCHAR(63)  NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    fingerprint     CHAR(64)     NOT NULL,
    aggregate_id    VARCHAR(64)  NOT NULL,
    position        BIGINT       NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
