-- A send that timed out may have arrived: such a message is never reported to supervisors as failed.
ALTER TABLE outbox ADD COLUMN maybe_delivered INTEGER NOT NULL DEFAULT 0;
