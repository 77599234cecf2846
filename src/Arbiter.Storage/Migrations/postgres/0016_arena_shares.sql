-- Shared battles (postgres): a finished battle its voter published by link. share_id is 128 random bits
-- (the link's only key); no voter column, so a shared page cannot name who voted. Conversations are
-- JSON arrays of turns, as in battles. Retention deletes rows by shared_at_ms (UTC unix ms).

CREATE TABLE arena_shares (
    share_id        TEXT    NOT NULL PRIMARY KEY,
    battle_id       TEXT    NOT NULL,
    model_a         TEXT    NOT NULL,
    model_b         TEXT    NOT NULL,
    winner          TEXT    NOT NULL,
    language        TEXT,
    conversation_a  TEXT    NOT NULL,
    conversation_b  TEXT    NOT NULL,
    shared_at_ms    BIGINT NOT NULL
);

CREATE INDEX ix_arena_shares_time ON arena_shares (shared_at_ms);
