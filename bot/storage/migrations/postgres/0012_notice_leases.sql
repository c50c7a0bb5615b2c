-- A notice is held for a while, not for ever: ``held_until`` is the holder's lease (as in
-- the SQLite schema, bot/storage/migrations/0010_notice_leases.sql). A worker renews the
-- leases of what it holds while it runs, so one that stops (or is killed) lets its notices
-- go when their lease runs out, while the notices of workers still at work stay theirs.
-- Sending a notice holds it too (claimed with FOR UPDATE SKIP LOCKED), so however many
-- workers send notices, each goes out once. Safe to apply again.

ALTER TABLE notices ADD COLUMN IF NOT EXISTS held_until TIMESTAMPTZ;

-- Notices held before leases existed belong to a run that has stopped: due now.
UPDATE notices SET held_by = NULL, held_until = NULL WHERE held_until IS NULL;

-- Due now: not held, or held past its lease. Notices are few (what Telegram has not taken
-- yet); they are read in id order.
DROP INDEX IF EXISTS notices_due;
