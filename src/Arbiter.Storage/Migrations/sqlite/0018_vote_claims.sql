-- Recent web votes (sqlite), shared by every web node on this store: a battle id is claimed once (a token
-- replayed at another node, or after a restart, finds its claim), and the per-voter and per-address limits
-- count these rows. client_hash and prompt_hash are HMAC-SHA256 under the operator's token secret, never the
-- address or the prompt. Rows older than the vote window and the token lifetime are pruned. at_ms: UTC unix ms.

CREATE TABLE vote_claims (
    battle_id    TEXT    NOT NULL PRIMARY KEY,
    voter        TEXT    NOT NULL,
    client_hash  TEXT    NOT NULL,
    prompt_hash  TEXT    NOT NULL,
    at_ms        INTEGER  NOT NULL
) STRICT;

CREATE INDEX ix_vote_claims_voter ON vote_claims (voter, at_ms);
CREATE INDEX ix_vote_claims_client ON vote_claims (client_hash, at_ms);
CREATE INDEX ix_vote_claims_time ON vote_claims (at_ms);
