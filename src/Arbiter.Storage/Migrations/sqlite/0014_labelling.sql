-- Labelling workbench (SQLite). A task holds a fixed list of items (prompt + reply, with the model and
-- the classifier's label kept for analysis only). Invites store only the SHA-256 of the token. A
-- labeller has one current answer per item (label NULL = skipped); an adjudication is the final label.
-- Times are UTC unix milliseconds.

CREATE TABLE labelling_tasks (
    task_id         TEXT    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    labels_json     TEXT    NOT NULL,
    created_at_ms   INTEGER NOT NULL
) STRICT;

CREATE TABLE labelling_items (
    task_id         TEXT    NOT NULL REFERENCES labelling_tasks (task_id),
    item_id         TEXT    NOT NULL,
    position        INTEGER NOT NULL,
    prompt          TEXT    NOT NULL,
    reply           TEXT    NOT NULL,
    model           TEXT,
    topic           TEXT,
    language        TEXT,
    predicted       TEXT,
    PRIMARY KEY (task_id, item_id)
) STRICT;

CREATE TABLE labelling_invites (
    task_id         TEXT    NOT NULL REFERENCES labelling_tasks (task_id),
    labeller        TEXT    NOT NULL,
    token_hash      TEXT    NOT NULL UNIQUE,
    created_at_ms   INTEGER NOT NULL,
    revoked_at_ms   INTEGER,
    PRIMARY KEY (task_id, labeller)
) STRICT;

CREATE TABLE labelling_labels (
    task_id         TEXT    NOT NULL,
    item_id         TEXT    NOT NULL,
    labeller        TEXT    NOT NULL,
    label           TEXT,
    note            TEXT,
    at_ms           INTEGER NOT NULL,
    PRIMARY KEY (task_id, item_id, labeller)
) STRICT;

CREATE TABLE labelling_adjudications (
    task_id         TEXT    NOT NULL,
    item_id         TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    adjudicator     TEXT    NOT NULL,
    note            TEXT,
    at_ms           INTEGER NOT NULL,
    PRIMARY KEY (task_id, item_id)
) STRICT;
