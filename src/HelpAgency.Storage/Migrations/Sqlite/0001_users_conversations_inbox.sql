-- Users the bot knows, their conversation state, and the local channel's inbox.
CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('contact', 'assistant', 'supervisor')),
    created_at   TEXT NOT NULL
);

CREATE TABLE conversations (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    state      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE inbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    type       TEXT NOT NULL,
    content    TEXT NOT NULL
);

CREATE INDEX ix_inbox_user_id ON inbox (user_id, id);
