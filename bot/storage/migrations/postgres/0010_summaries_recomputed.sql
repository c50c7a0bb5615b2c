-- The summariser now weighs whether a sentence can be shown without the one before it,
-- so summaries cached by earlier rules are dropped; each is chosen again when next asked for.

DELETE FROM summaries;
