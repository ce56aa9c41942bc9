-- Every message a turn writes one callback record, so the table's shape is paid on each one. Stored by its key
-- (WITHOUT ROWID), a record is one b-tree entry where it was a row and a key index entry; and the unsent index
-- holds only the records whose replies wait to be sent, where it held every record ever received.
CREATE TABLE wecom_callbacks_by_key (
    key             TEXT NOT NULL PRIMARY KEY,
    user_id         TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('processing', 'replied', 'pending', 'sent', 'failed')),
    replies         TEXT NOT NULL DEFAULT '[]',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    completed_at    TEXT,
    last_error      TEXT
) WITHOUT ROWID;

INSERT INTO wecom_callbacks_by_key (key, user_id, received_at, status, replies, attempts, next_attempt_at, completed_at, last_error)
SELECT key, user_id, received_at, status, replies, attempts, next_attempt_at, completed_at, last_error FROM wecom_callbacks;

DROP TABLE wecom_callbacks;
ALTER TABLE wecom_callbacks_by_key RENAME TO wecom_callbacks;

CREATE INDEX ix_wecom_callbacks_unsent ON wecom_callbacks (next_attempt_at) WHERE status = 'pending';
