-- Search (owned by search-crawler): what search should show of each mini-program, maintained by the
-- "search" projection from events, and what the index shows, written by the indexer once the index
-- matches. A row whose changed_position is past its indexed_position is work for the indexer, and
-- is marked pending so that it is found by index: the search API withholds a pending mini-program
-- that is no longer listed, released or associated, so it leaves results as soon as this row says so.
CREATE TABLE search_program (
    mini_program_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(63)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    description       LONGTEXT     NOT NULL,
    category          VARCHAR(40)  NULL,
    tags              LONGTEXT     NOT NULL,
    current_version   VARCHAR(40)  NULL,
    listed            BOOLEAN      NOT NULL,
    host_apps         LONGTEXT     NOT NULL,
    changed_position  BIGINT       NOT NULL,
    indexed_position  BIGINT       NOT NULL,
    indexed_version   VARCHAR(40)  NULL,
    pending           BOOLEAN      NOT NULL
);
CREATE INDEX ix_search_program_work ON search_program (pending, changed_position);
CREATE INDEX ix_search_program_pending ON search_program (tenant_id, pending);

-- Sealed packages by version: where the crawler finds a release's files and data key.
CREATE TABLE search_sealed (
    mini_program_id  VARCHAR(40)  NOT NULL,
    version          VARCHAR(40)  NOT NULL,
    digest           CHAR(64)     NOT NULL,
    wrapped_data_key LONGTEXT     NOT NULL,
    PRIMARY KEY (mini_program_id, version)
);

-- One row per crawl of a release, with its progress and its failures (JSON list of {pageUrl, reason}).
CREATE TABLE search_crawl (
    id              VARCHAR(100) NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(63)  NOT NULL,
    mini_program_id VARCHAR(40)  NOT NULL,
    version         VARCHAR(40)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    pages_done      INT          NOT NULL,
    pages_known     INT          NOT NULL,
    failures        LONGTEXT     NOT NULL,
    started_at      DATETIME(6)  NOT NULL,
    finished_at     DATETIME(6)  NULL
);
CREATE INDEX ix_search_crawl_program ON search_crawl (mini_program_id, started_at);
