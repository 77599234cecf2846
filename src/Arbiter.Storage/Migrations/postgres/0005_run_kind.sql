-- What a run is for (benchmark, audit probe, audit judge, arena judge), stored instead of being
-- guessed from the suite id, so a user suite named judge-x is still a benchmark. Runs stored before
-- this column existed are classified once, here, by the rule the old code used: audit-… suites were
-- audit probes, judge-… suites judge calls (judge-audit… in the audit domain from the audit judge,
-- every other judge-… from the arena judge).

ALTER TABLE runs ADD COLUMN run_kind TEXT NOT NULL DEFAULT 'benchmark';

UPDATE runs SET run_kind = 'audit_probe' WHERE left(suite_id, 6) = 'audit-';
UPDATE runs SET run_kind = 'audit_judge' WHERE left(suite_id, 11) = 'judge-audit' AND domain = 'audit';
UPDATE runs SET run_kind = 'arena_judge' WHERE left(suite_id, 6) = 'judge-' AND run_kind = 'benchmark';
