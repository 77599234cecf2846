-- A battle's shared state for every stage, not only "ready for a vote" (sqlite): a follow-up, regenerate, share or vote
-- reaching another node continues from the store. stage is the web layer's name for where the battle is; version
-- grows by one with every change, so two nodes changing the same battle at once cannot both win (a replayed
-- follow-up is refused); stop_requested asks the node streaming that version to stop its model calls.

ALTER TABLE battle_states ADD COLUMN stage TEXT NOT NULL DEFAULT 'ready';
ALTER TABLE battle_states ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE battle_states ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0;
