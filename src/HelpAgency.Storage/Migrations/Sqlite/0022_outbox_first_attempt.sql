-- WeCom measures its duplicate window from the first send, not from when the row was queued.
ALTER TABLE outbox ADD COLUMN first_attempt_at TEXT NULL;
