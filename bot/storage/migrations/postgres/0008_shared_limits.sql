-- Limits that every bot process sharing this database counts together, on the database's
-- clock: each user's recent messages (the flood limit), and the bot's next turn to send
-- (Telegram allows about 30 messages a second for the whole bot, not per process).

CREATE TABLE flood_windows (
    user_id       BIGINT PRIMARY KEY,
    stamps        TIMESTAMPTZ[] NOT NULL,   -- the user's last messages within the window
    warned_until  TIMESTAMPTZ,              -- refused messages before this are not warned
    last_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX flood_windows_idle ON flood_windows (last_at);

-- A sliding window, as the one-process limit (bot/storage/process_limits.py) counts it:
-- allowed while fewer than p_limit messages came within p_window seconds; a refusal says
-- when the oldest of them leaves the window, and warns once per burst.
CREATE FUNCTION newsbot_flood_admit(
    p_user BIGINT, p_limit INTEGER, p_window DOUBLE PRECISION,
    OUT allowed BOOLEAN, OUT retry_after DOUBLE PRECISION, OUT warn BOOLEAN
) LANGUAGE plpgsql AS $$
DECLARE
    now_at TIMESTAMPTZ := clock_timestamp();
    span INTERVAL := make_interval(secs => p_window);
    kept TIMESTAMPTZ[];
    warned TIMESTAMPTZ;
    free_at TIMESTAMPTZ;
BEGIN
    INSERT INTO flood_windows (user_id, stamps, last_at) VALUES (p_user, '{}', now_at)
    ON CONFLICT (user_id) DO NOTHING;
    SELECT array(SELECT s FROM unnest(f.stamps) AS s WHERE s > now_at - span ORDER BY s),
           f.warned_until
      INTO kept, warned
      FROM flood_windows f WHERE f.user_id = p_user FOR UPDATE;
    IF cardinality(kept) < p_limit THEN
        UPDATE flood_windows SET stamps = kept || now_at, warned_until = NULL, last_at = now_at
         WHERE user_id = p_user;
        allowed := TRUE; retry_after := 0; warn := FALSE;
        RETURN;
    END IF;
    kept := kept[cardinality(kept) - p_limit + 1 :];
    free_at := kept[1] + span;
    allowed := FALSE;
    retry_after := greatest(extract(epoch FROM free_at - now_at), 0);
    warn := warned IS NULL OR now_at >= warned;
    UPDATE flood_windows
       SET stamps = kept, last_at = now_at,
           warned_until = CASE WHEN warn THEN free_at ELSE warned_until END
     WHERE user_id = p_user;
END $$;

CREATE TABLE send_turns (
    name     TEXT PRIMARY KEY,
    next_at  TIMESTAMPTZ NOT NULL          -- the earliest moment the next message may leave
);

INSERT INTO send_turns (name, next_at) VALUES ('telegram', '-infinity');
