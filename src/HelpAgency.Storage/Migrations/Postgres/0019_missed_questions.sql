-- Messages the bot could not answer with confidence (out of scope, a clarifying question, a hand-off), for supervisors.
CREATE TABLE missed_questions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    TEXT NOT NULL,
    role       TEXT NOT NULL,
    text       TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    intent     TEXT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_missed_questions_at ON missed_questions (at);
