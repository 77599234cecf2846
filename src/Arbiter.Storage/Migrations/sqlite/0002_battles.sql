-- Arena battles (votes and LLM-judge verdicts). battle_id is the idempotency key; every row counts
-- as one battle (weighted verdicts are repeated rows). Style counts are nullable: FastChat files
-- without conv_metadata have none. Times are UTC unix milliseconds.

CREATE TABLE battles (
    battle_id       TEXT    NOT NULL PRIMARY KEY,
    model_a         TEXT    NOT NULL,
    model_b         TEXT    NOT NULL,
    winner          TEXT    NOT NULL,
    judge           TEXT,
    question_id     TEXT,
    language        TEXT,
    category        TEXT,
    turn            INTEGER NOT NULL,
    anonymous       INTEGER NOT NULL,
    flagged         INTEGER NOT NULL,
    timestamp_ms    INTEGER NOT NULL,
    conversation_a  TEXT,
    conversation_b  TEXT,
    a_tokens        INTEGER,
    a_headers       INTEGER,
    a_list_items    INTEGER,
    a_bold          INTEGER,
    b_tokens        INTEGER,
    b_headers       INTEGER,
    b_list_items    INTEGER,
    b_bold          INTEGER
) STRICT;

-- Reads are always in (timestamp, id) order so that seeded bootstraps repeat exactly.
CREATE INDEX ix_battles_time ON battles (timestamp_ms, battle_id);
