-- Voter sign-in links (sqlite): the arena's optional sign-in. A link is personal and revocable; only the
-- SHA-256 of its token is stored (the token is shown to the operator once). A new link for a revoked name
-- replaces the old hash: the name (and so the voter's hashed id, limits and voids) stays. Times are UTC unix ms.

CREATE TABLE voter_invites (
    name            TEXT    NOT NULL PRIMARY KEY,
    token_hash      TEXT    NOT NULL UNIQUE,
    created_at_ms   INTEGER  NOT NULL,
    revoked_at_ms   INTEGER
) STRICT;
