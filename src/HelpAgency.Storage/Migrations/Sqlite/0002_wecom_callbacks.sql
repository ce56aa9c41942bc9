-- WeCom callbacks received: one row per delivery key (MsgId, or a hash of an event's plaintext), so a
-- redelivery is answered from the first one, and replies that missed the passive reply are sent once.
CREATE TABLE wecom_callbacks (
    key             TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('processing', 'replied', 'pending', 'sent', 'failed')),
    replies         TEXT NOT NULL DEFAULT '[]',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    completed_at    TEXT,
    last_error      TEXT
);

CREATE INDEX ix_wecom_callbacks_unsent ON wecom_callbacks (status, next_attempt_at);
