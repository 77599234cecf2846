-- Initial schema (SQLite). STRICT tables so a wrongly typed value fails loudly instead of being
-- coerced. Times are UTC unix milliseconds. cost is TEXT holding an invariant-culture decimal,
-- because REAL would not round-trip money exactly.

CREATE TABLE runs (
    run_id          TEXT    NOT NULL PRIMARY KEY,
    spec_hash       TEXT    NOT NULL,
    suite_id        TEXT    NOT NULL,
    suite_version   TEXT    NOT NULL,
    model_id        TEXT    NOT NULL,
    domain          TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    item_count      INTEGER NOT NULL,
    epochs          INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    finished_at_ms  INTEGER,
    config_json     TEXT    NOT NULL DEFAULT '{}'
) STRICT;

-- ListRuns is newest first; spec_hash finds the run a re-run should resume.
CREATE INDEX ix_runs_created ON runs (created_at_ms DESC, run_id DESC);
CREATE INDEX ix_runs_spec_hash ON runs (spec_hash);

-- The primary key (run_id, item_id, epoch) is the idempotency key and also serves every
-- per-run read, so no further index is needed.
CREATE TABLE samples (
    run_id            TEXT    NOT NULL,
    item_id           TEXT    NOT NULL,
    epoch             INTEGER NOT NULL,
    text              TEXT,
    thinking          TEXT,
    finish_reason     TEXT,
    input_tokens      INTEGER NOT NULL,
    output_tokens     INTEGER NOT NULL,
    latency_ms        REAL    NOT NULL,
    ttft_ms           REAL,
    attempts          INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    error_kind        TEXT    NOT NULL,
    error             TEXT,
    score_value       REAL,
    score_extracted   TEXT,
    score_explanation TEXT,
    cost              TEXT,
    cache_hit         INTEGER NOT NULL,
    completed_at_ms   INTEGER NOT NULL,
    metadata_json     TEXT,
    PRIMARY KEY (run_id, item_id, epoch)
) STRICT;

-- Only successful responses are stored here (errors are never cached).
CREATE TABLE response_cache (
    key             TEXT    NOT NULL PRIMARY KEY,
    text            TEXT,
    thinking        TEXT,
    finish_reason   TEXT,
    input_tokens    INTEGER NOT NULL,
    output_tokens   INTEGER NOT NULL,
    latency_ms      REAL    NOT NULL,
    ttft_ms         REAL,
    attempts        INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    error_kind      TEXT    NOT NULL,
    error           TEXT,
    created_at_ms   INTEGER NOT NULL
) STRICT;
