-- Arena roster changes made by an administrator (PostgreSQL). arena_models holds the models added
-- through the admin API as JSON of Arbiter.Core.Models.ModelSpec, which names the API-key
-- environment variable but never holds a key. arena_model_states holds the enabled flag of any
-- model, configured or added. Times are UTC unix milliseconds; ids collate by code point ("C") so
-- the read order matches SQLite's. The JSON stays TEXT (not jsonb) so it reads back byte for byte.

CREATE TABLE arena_models (
    model_id        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    spec_json       TEXT    NOT NULL,
    added_at_ms     BIGINT  NOT NULL
);

CREATE TABLE arena_model_states (
    model_id        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    enabled         BOOLEAN NOT NULL,
    changed_at_ms   BIGINT  NOT NULL
);
