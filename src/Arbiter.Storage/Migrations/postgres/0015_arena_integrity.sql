-- Arena integrity (PostgreSQL). signals: the vote-integrity signals raised when the vote was cast
-- (sorted, comma-separated). voided_at_ms / void_reason: an operator voided the battle; it is kept
-- (and exported, marked) but the board leaves it out. blocked_prompts: prompts the moderation refused
-- before any model saw them; excerpt is the prompt's start only when conversations are stored, else
-- its sha256 hash. Times are UTC unix milliseconds.

ALTER TABLE battles ADD COLUMN signals TEXT;
ALTER TABLE battles ADD COLUMN voided_at_ms BIGINT;
ALTER TABLE battles ADD COLUMN void_reason TEXT;

-- Voiding "all votes of a voter" looks battles up by judge.
CREATE INDEX ix_battles_judge ON battles (judge);

CREATE TABLE blocked_prompts (
    id          TEXT    NOT NULL PRIMARY KEY,
    at_ms       BIGINT  NOT NULL,
    voter       TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    excerpt     TEXT    NOT NULL,
    length      INTEGER NOT NULL
);

CREATE INDEX ix_blocked_prompts_time ON blocked_prompts (at_ms);
