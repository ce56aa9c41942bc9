-- Every message a turn writes one callback record, so its indexes are paid on each one. The unsent index now holds
-- only the records whose replies wait to be sent, where it held every record ever received. (Storing the table by
-- its key, WITHOUT ROWID, was measured and left: records of 0.3 to 2 KB pass the smaller in-page limit of a key
-- b-tree and spill to overflow pages, writing more pages a turn, not fewer.)
DROP INDEX ix_wecom_callbacks_unsent;
CREATE INDEX ix_wecom_callbacks_unsent ON wecom_callbacks (next_attempt_at) WHERE status = 'pending';
