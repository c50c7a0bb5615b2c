-- A notice is held for a while, not for ever: ``held_until`` is the holder's lease. A
-- process renews the leases of what it holds while it runs, so one that stops (or is
-- killed) lets its notices go when their lease runs out, while the notices of processes
-- still at work stay theirs. Sending a notice holds it too (claimed by one process), so
-- however many processes send notices, each goes out once.

ALTER TABLE notices ADD COLUMN held_until TEXT;  -- ISO 8601 UTC; set while held_by is

-- Notices held before leases existed belong to a run that has stopped: due now.
UPDATE notices SET held_by = NULL;

-- Due now: not held, or held past its lease. Notices are few (what Telegram has not taken
-- yet); they are read in id order.
DROP INDEX notices_due;
