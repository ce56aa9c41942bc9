-- Missed questions a supervisor taught the bot: new intent examples and knowledge paraphrases, read by every host.
CREATE TABLE learned_phrasings (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('intent', 'knowledge')),
    target     TEXT NOT NULL,
    text       TEXT NOT NULL,
    learned_by TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);
