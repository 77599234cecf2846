-- What several web nodes on one store share besides the votes (sqlite). battle_states: a battle ready for a vote,
-- saved by the node that ran it so any node can take the vote (state_json is the web layer's; conversations in it are
-- hashes unless the operator stores conversations). request_windows: per-minute request counts per bucket (a policy
-- and an HMAC-SHA256 of the client address under the token secret, never the address). Old rows are pruned.

CREATE TABLE battle_states (
    battle_id    TEXT    NOT NULL PRIMARY KEY,
    state_json   TEXT    NOT NULL,
    saved_at_ms  INTEGER  NOT NULL
) STRICT;

CREATE INDEX ix_battle_states_time ON battle_states (saved_at_ms);

CREATE TABLE request_windows (
    bucket           TEXT    NOT NULL,
    window_start_ms  INTEGER  NOT NULL,
    requests         INTEGER  NOT NULL,
    PRIMARY KEY (bucket, window_start_ms)
) STRICT;

CREATE INDEX ix_request_windows_time ON request_windows (window_start_ms);
