-- Audit log of outbound model calls (PostgreSQL). Append-only and hash-chained: seq is the chain
-- position, prev_hash/hash link each entry to the one before (see Arbiter.Core.Audit.AuditChain).
-- The trigger makes accidental UPDATE/DELETE/TRUNCATE fail; deliberate tampering (disabling it) is
-- what the chain detects. Version 0003 does not depend on 0002 and may be applied before it.

CREATE TABLE audit_log (
    seq             BIGINT  NOT NULL PRIMARY KEY,
    time_ms         BIGINT  NOT NULL,
    model_id        TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL,
    model           TEXT    NOT NULL,
    jurisdiction    TEXT    NOT NULL,
    suite_id        TEXT,
    item_id         TEXT,
    purpose         TEXT    NOT NULL,
    confidentiality TEXT    NOT NULL,
    payload_sha256  TEXT    NOT NULL,
    payload_bytes   BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL,
    outcome         TEXT    NOT NULL,
    detail          TEXT,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
