-- Every message a turn writes one callback record, so its indexes are paid on each one. The unsent index now holds
-- only the records whose replies wait to be sent, where it held every record ever received.
DROP INDEX ix_wecom_callbacks_unsent;
CREATE INDEX ix_wecom_callbacks_unsent ON wecom_callbacks (next_attempt_at) WHERE status = 'pending';
