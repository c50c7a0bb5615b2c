-- A notice is held for a while, not for ever: ``held_until`` is the holder's lease. A
-- process renews the leases of what it holds while it runs, so one that stops (or is
-- killed) lets its notices go when their lease runs out, while the notices of processes
-- still at work stay theirs. Sending a notice holds it too (claimed by one process), so
-- however many processes send notices, each goes out once.
--
-- The table is built anew (it is small: what Telegram has not taken yet), which also makes
-- this migration safe to apply again. Notices held before leases existed belong to a run
-- that has stopped: they are due now. Due notices (not held, or held past the lease) are
-- read in id order.

CREATE TABLE notices_leased (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('upload', 'undelivered')),
    text        TEXT NOT NULL,       -- Telegram HTML
    held_by     TEXT,
    held_until  TEXT,                -- ISO 8601 UTC: the end of held_by's lease
    created_at  TEXT NOT NULL,       -- ISO 8601 UTC
    attempts    INTEGER NOT NULL DEFAULT 0
);

INSERT INTO notices_leased (id, chat_id, kind, text, created_at, attempts)
SELECT id, chat_id, kind, text, created_at, attempts FROM notices;

DROP TABLE notices;
ALTER TABLE notices_leased RENAME TO notices;

-- One "an answer may be missing" notice per chat, however many answers were lost.
CREATE UNIQUE INDEX notices_one_undelivered_per_chat ON notices (chat_id)
    WHERE kind = 'undelivered';
