-- Initial schema (PostgreSQL). Times are UTC unix milliseconds. Ids use COLLATE "C" so ordering
-- is by code point, the same as SQLite's BINARY collation, whatever the database locale is.

CREATE TABLE runs (
    run_id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    spec_hash       TEXT    NOT NULL,
    suite_id        TEXT    NOT NULL,
    suite_version   TEXT    NOT NULL,
    model_id        TEXT    NOT NULL,
    domain          TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    item_count      INTEGER NOT NULL,
    epochs          INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    created_at_ms   BIGINT  NOT NULL,
    finished_at_ms  BIGINT,
    config_json     TEXT    NOT NULL DEFAULT '{}'
);

-- ListRuns is newest first; spec_hash finds the run a re-run should resume.
CREATE INDEX ix_runs_created ON runs (created_at_ms DESC, run_id DESC);
CREATE INDEX ix_runs_spec_hash ON runs (spec_hash);

-- The primary key (run_id, item_id, epoch) is the idempotency key and also serves every
-- per-run read, so no further index is needed.
CREATE TABLE samples (
    run_id            TEXT COLLATE "C" NOT NULL,
    item_id           TEXT COLLATE "C" NOT NULL,
    epoch             INTEGER NOT NULL,
    text              TEXT,
    thinking          TEXT,
    finish_reason     TEXT,
    input_tokens      BIGINT  NOT NULL,
    output_tokens     BIGINT  NOT NULL,
    latency_ms        DOUBLE PRECISION NOT NULL,
    ttft_ms           DOUBLE PRECISION,
    attempts          INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    error_kind        TEXT    NOT NULL,
    error             TEXT,
    score_value       DOUBLE PRECISION,
    score_extracted   TEXT,
    score_explanation TEXT,
    cost              NUMERIC,
    cache_hit         BOOLEAN NOT NULL,
    completed_at_ms   BIGINT  NOT NULL,
    metadata_json     TEXT,
    PRIMARY KEY (run_id, item_id, epoch)
);

-- Only successful responses are stored here (errors are never cached).
CREATE TABLE response_cache (
    key             TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    text            TEXT,
    thinking        TEXT,
    finish_reason   TEXT,
    input_tokens    BIGINT  NOT NULL,
    output_tokens   BIGINT  NOT NULL,
    latency_ms      DOUBLE PRECISION NOT NULL,
    ttft_ms         DOUBLE PRECISION,
    attempts        INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    error_kind      TEXT    NOT NULL,
    error           TEXT,
    created_at_ms   BIGINT  NOT NULL
);
