-- What the bot still owes a chat, kept across restarts until Telegram has taken it:
--   held      while ``held_by`` (a running process) is still at work, e.g. an upload being
--             stored; if that process stops first, the text says what became of it
--   due       (held_by IS NULL) to be sent as soon as Telegram answers
-- A notice is deleted once sent, or once its chat cannot be written to.

CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('upload', 'undelivered')),
    text        TEXT NOT NULL,       -- Telegram HTML
    held_by     TEXT,
    created_at  TEXT NOT NULL,       -- ISO 8601 UTC
    attempts    INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX notices_due ON notices (id) WHERE held_by IS NULL;
-- One "an answer may be missing" notice per chat, however many answers were lost.
CREATE UNIQUE INDEX notices_one_undelivered_per_chat ON notices (chat_id)
    WHERE kind = 'undelivered';
