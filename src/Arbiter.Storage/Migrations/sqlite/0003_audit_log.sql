-- Audit log of outbound model calls (SQLite). Append-only and hash-chained: seq is the chain
-- position, prev_hash/hash link each entry to the one before (see Arbiter.Core.Audit.AuditChain).
-- The triggers make accidental UPDATE/DELETE fail; deliberate tampering (dropping them) is what
-- the chain detects. Version 0003 does not depend on 0002 and may be applied before it.

CREATE TABLE audit_log (
    seq             INTEGER NOT NULL PRIMARY KEY,
    time_ms         INTEGER NOT NULL,
    model_id        TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL,
    model           TEXT    NOT NULL,
    jurisdiction    TEXT    NOT NULL,
    suite_id        TEXT,
    item_id         TEXT,
    purpose         TEXT    NOT NULL,
    confidentiality TEXT    NOT NULL,
    payload_sha256  TEXT    NOT NULL,
    payload_bytes   INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    outcome         TEXT    NOT NULL,
    detail          TEXT,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
