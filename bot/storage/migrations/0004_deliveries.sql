-- One row per chat and local day: claimed before sending, so a digest goes out once.
--   claimed  reserved by a scheduler (claimed_by), not yet handed to Telegram
--   sending  handed to Telegram; a crash here leaves the outcome unknown
--   sent     Telegram accepted every message
--   failed   Telegram refused (blocked, or retries exhausted)
--   skipped  not sent on purpose: nothing new, or more than the catch-up window late
--   unknown  a "sending" row whose scheduler died: never resent (at most once)

CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    local_date  TEXT NOT NULL,       -- ISO date in the chat's zone
    status      TEXT NOT NULL CHECK (
        status IN ('claimed', 'sending', 'sent', 'failed', 'skipped', 'unknown')
    ),
    due_at      TEXT NOT NULL,       -- ISO 8601 UTC of the slot
    claimed_at  TEXT NOT NULL,
    claimed_by  TEXT NOT NULL,       -- the scheduler instance holding the claim
    sent_at     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    since       TEXT NOT NULL,       -- the digest covers articles ingested in (since, until]
    until       TEXT NOT NULL,
    messages    INTEGER NOT NULL DEFAULT 0,
    note        TEXT,                -- why it failed or was skipped
    UNIQUE (chat_id, local_date)
);

CREATE INDEX deliveries_open ON deliveries (status, claimed_at)
    WHERE status IN ('claimed', 'sending');
