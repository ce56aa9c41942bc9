-- Transactional outbox: every push is written with the change that causes it and sent by the dispatcher.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    recipient       TEXT NOT NULL,
    type            TEXT NOT NULL,
    content         TEXT NOT NULL,
    urgent          BOOLEAN NOT NULL DEFAULT FALSE,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_until     TIMESTAMPTZ NULL,
    sent_at         TIMESTAMPTZ NULL,
    external_id     TEXT NULL,
    last_error      TEXT NULL
);

CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at, id);
CREATE INDEX ix_outbox_recipient ON outbox (recipient, status, id);
CREATE INDEX ix_outbox_recipient_sent ON outbox (recipient, sent_at);
