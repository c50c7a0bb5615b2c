-- Close spellings for words that match nothing ("Did you mean: putin?"), found through
-- an index instead of a scan of the whole vocabulary: every indexed term (as the full-text
-- index stems it) is stored with each of its one-letter deletions, so two words one typing
-- slip apart meet on a shared variant. New terms are added as articles are stored.

CREATE TABLE spelling_terms (
    id   INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE
);

CREATE TABLE spelling_variants (
    variant TEXT NOT NULL,
    term_id INTEGER NOT NULL REFERENCES spelling_terms (id) ON DELETE CASCADE,
    PRIMARY KEY (variant, term_id)
) WITHOUT ROWID;

-- The terms already indexed, and their variants.
CREATE VIRTUAL TABLE temp.spelling_vocabulary USING fts5vocab(main, sentences_fts, row);

INSERT INTO spelling_terms (term)
SELECT term FROM temp.spelling_vocabulary
WHERE length(term) >= 3 AND term NOT GLOB '*[0-9_]*';

WITH RECURSIVE cut (term_id, term, position) AS (
    SELECT id, term, 0 FROM spelling_terms
    UNION ALL
    SELECT term_id, term, position + 1 FROM cut WHERE position < length(term)
)
INSERT OR IGNORE INTO spelling_variants (variant, term_id)
SELECT CASE position WHEN 0 THEN term
       ELSE substr(term, 1, position - 1) || substr(term, position + 1) END,
       term_id
FROM cut;

DROP TABLE temp.spelling_vocabulary;
