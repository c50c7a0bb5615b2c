-- Chats the bot has seen, and the daily digest subscription of each chat.

CREATE TABLE chats (
    chat_id     BIGINT PRIMARY KEY,
    chat_type   TEXT NOT NULL,
    first_seen  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL
);

CREATE TABLE subscriptions (
    chat_id           BIGINT PRIMARY KEY,
    chat_type         TEXT NOT NULL,
    local_time        TEXT NOT NULL,     -- HH:MM, wall-clock time in the zone below
    zone              TEXT NOT NULL,     -- IANA name (Europe/Berlin), UTC, or ±HH:MM
    summary_sentences INTEGER NOT NULL DEFAULT 2 CHECK (summary_sentences BETWEEN 1 AND 5),
    send_empty        BOOLEAN NOT NULL DEFAULT FALSE,
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    inactive_reason   TEXT,
    next_due_at       TIMESTAMPTZ,       -- the next slot not yet handled
    last_cutoff       TIMESTAMPTZ,       -- articles ingested up to here were in a sent digest
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX subscriptions_due ON subscriptions (next_due_at, chat_id) WHERE active;
