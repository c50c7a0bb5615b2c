-- Chats the bot has seen, and the daily digest subscription of each chat.

CREATE TABLE chats (
    chat_id     INTEGER PRIMARY KEY,
    chat_type   TEXT NOT NULL,       -- private | group | supergroup | channel
    first_seen  TEXT NOT NULL,       -- ISO 8601 UTC
    last_seen   TEXT NOT NULL
);

CREATE TABLE subscriptions (
    chat_id           INTEGER PRIMARY KEY,
    chat_type         TEXT NOT NULL,
    local_time        TEXT NOT NULL,     -- HH:MM, wall-clock time in the zone below
    zone              TEXT NOT NULL,     -- IANA name (Europe/Berlin), UTC, or ±HH:MM
    summary_sentences INTEGER NOT NULL DEFAULT 2 CHECK (summary_sentences BETWEEN 1 AND 5),
    send_empty        INTEGER NOT NULL DEFAULT 0,  -- 1: say so when there is nothing new
    active            INTEGER NOT NULL DEFAULT 1,
    inactive_reason   TEXT,              -- unsubscribed | blocked
    next_due_at       TEXT,              -- ISO 8601 UTC of the next slot not yet handled
    last_cutoff       TEXT,              -- articles ingested up to here were in a sent digest
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE INDEX subscriptions_due ON subscriptions (next_due_at) WHERE active = 1;
