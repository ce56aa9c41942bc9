-- A recipient's messages go out in the order of the time they are due for (due_at), not of their id alone:
-- retries and rate-limit waits keep a message's place, quiet hours move it to the morning, so an urgent
-- message is not held behind a routine one that waits for 08:00. lease_owner names the batch holding a row.
ALTER TABLE outbox ADD COLUMN due_at TIMESTAMPTZ NULL;
ALTER TABLE outbox ADD COLUMN lease_owner TEXT NULL;
UPDATE outbox SET due_at = CASE WHEN attempts = 0 THEN next_attempt_at ELSE created_at END;
ALTER TABLE outbox ALTER COLUMN due_at SET NOT NULL;

-- Only unsent rows are claimed and ordered: small partial indexes, whatever the size of the history.
DROP INDEX ix_outbox_due;
DROP INDEX ix_outbox_recipient;
CREATE INDEX ix_outbox_claimable ON outbox (urgent, next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX ix_outbox_unsent_recipient ON outbox (recipient, due_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX ix_outbox_status ON outbox (status, id);
CREATE INDEX ix_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
