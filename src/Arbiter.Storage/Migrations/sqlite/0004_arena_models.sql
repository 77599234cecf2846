-- Arena roster changes made by an administrator (SQLite). arena_models holds the models added
-- through the admin API as JSON of Arbiter.Core.Models.ModelSpec, which names the API-key
-- environment variable but never holds a key. arena_model_states holds the enabled flag of any
-- model, configured or added. Times are UTC unix milliseconds.

CREATE TABLE arena_models (
    model_id        TEXT    NOT NULL PRIMARY KEY,
    spec_json       TEXT    NOT NULL,
    added_at_ms     INTEGER NOT NULL
) STRICT;

CREATE TABLE arena_model_states (
    model_id        TEXT    NOT NULL PRIMARY KEY,
    enabled         INTEGER NOT NULL,
    changed_at_ms   INTEGER NOT NULL
) STRICT;
