-- Links audit entries to calls and samples (issue 13, defect 12) and adds run leases (defect 19).
-- Additive only: old entries keep NULL links and hash as before; numbered 0012 so that it cannot
-- collide with other branches' next migration (versions need not be contiguous).

ALTER TABLE audit_log ADD COLUMN call_id TEXT;
ALTER TABLE audit_log ADD COLUMN run_id TEXT;
ALTER TABLE audit_log ADD COLUMN epoch INTEGER;

CREATE INDEX audit_log_run ON audit_log (run_id, item_id, epoch) WHERE run_id IS NOT NULL;

-- One row per run being run: the holder renews it while it works; an expired row is free.
CREATE TABLE run_leases (
    run_id        TEXT    NOT NULL PRIMARY KEY,
    owner         TEXT    NOT NULL,
    expires_at_ms BIGINT  NOT NULL,
    renewed_at_ms BIGINT  NOT NULL
);
