-- A coordination meeting's WeCom group chat: our own chat id, chosen when the meeting is scheduled.
ALTER TABLE meetings ADD COLUMN chat_id TEXT NULL;

CREATE INDEX ix_follow_up_actions_owner ON follow_up_actions (owner_id, done_at);
