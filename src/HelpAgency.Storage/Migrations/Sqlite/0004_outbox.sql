-- Transactional outbox: every push is written with the change that causes it and sent by the dispatcher.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    recipient       TEXT NOT NULL,
    type            TEXT NOT NULL,
    content         TEXT NOT NULL,
    urgent          INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT NULL,
    sent_at         TEXT NULL,
    external_id     TEXT NULL,
    last_error      TEXT NULL
);

CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX ix_outbox_recipient ON outbox (recipient, status, id);
CREATE INDEX ix_outbox_recipient_sent ON outbox (recipient, sent_at);
