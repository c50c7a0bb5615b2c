-- Feed sources (RSS/Atom) polled for new articles, and every entry seen in them.

CREATE TABLE feeds (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL UNIQUE,
    title                TEXT,
    state                TEXT NOT NULL DEFAULT 'active'
                         CHECK (state IN ('active', 'failing', 'paused')),
    paused_by_failures   INTEGER NOT NULL DEFAULT 0,  -- 1: paused by the poller, not an admin
    etag                 TEXT,             -- for If-None-Match
    last_modified        TEXT,             -- for If-Modified-Since, as the server sent it
    interval_seconds     INTEGER NOT NULL, -- between successful polls
    next_poll_at         TEXT NOT NULL,    -- ISO 8601 UTC; also the lease of a running poll
    last_polled_at       TEXT,
    last_success_at      TEXT,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    failure_notice_sent  INTEGER NOT NULL DEFAULT 0,  -- admins were told of the pause
    created_at           TEXT NOT NULL
);

CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE state != 'paused';

CREATE TABLE feed_entries (
    feed_id        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key      TEXT NOT NULL,     -- id/GUID, else canonical link, else content hash
    canonical_url  TEXT,              -- the entry's link without tracking parameters
    article_id     INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    status         TEXT NOT NULL CHECK (status IN ('added', 'duplicate', 'rejected')),
    attempts       INTEGER NOT NULL DEFAULT 1,
    reason         TEXT,
    seen_at        TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;

CREATE INDEX feed_entries_by_url ON feed_entries (canonical_url) WHERE canonical_url IS NOT NULL;

-- Markers that must be set once per database (NEWSBOT_FEEDS seeds feeds on first start).
CREATE TABLE feed_markers (
    name   TEXT PRIMARY KEY,
    set_at TEXT NOT NULL
) WITHOUT ROWID;
