-- Each term's sentences in order, newest first, and term statistics kept off the path that
-- stores an article.
--
-- The GIN index finds a term's sentences but in no order, so "the newest 200 sentences
-- quoting Blair" read all of his thousands and sorted them. ``postings`` holds one row
-- per (column, lexeme, sentence) — col 'A' is the text, 'B' the speaker terms, as the
-- tsvector weights say — and its primary key, read backwards, gives a term's newest
-- sentences first; several terms are merged in that order (bot/storage/postgres/postings.py).
-- The rows are derived from the sentence's tsvector in the statement that writes it.
--
-- The most frequent English words are not posted: they are a third of all postings, no
-- question searches for them (bot/qa/question.py drops them), and a search for nothing
-- else walks the newest sentences, where such words are found at once. The list is part
-- of the schema; changing it needs a migration that rebuilds the postings.
--
-- Safe to apply again: what exists already is kept.

CREATE TABLE IF NOT EXISTS unposted_terms (
    term  TEXT COLLATE "C" PRIMARY KEY
);

INSERT INTO unposted_terms (term)
SELECT unnest(string_to_array(
    'a about abov after again against all also am an and ani ar as at be becaus been befor'
    ' below between both but by can could did do doe done down dure each either els ever'
    ' everi few for from further ha had have he her here herself hi him himself how i if in'
    ' into is it itself just let me more most my myself neither no nor not now of off on onc'
    ' onli or other our ourselv out over own same she should so some such than that the thei'
    ' their them themselv then there these thi those through to too under until up upon us'
    ' veri wa we were what when where which while who whom whose why will with within'
    ' without would yet you your yourself yourselv s t', ' '))
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS postings (
    col          "char" NOT NULL,
    term         TEXT COLLATE "C" NOT NULL,
    sentence_id  BIGINT NOT NULL
);

INSERT INTO postings (col, term, sentence_id)
SELECT DISTINCT w.col::"char", u.lexeme, s.id
FROM sentences s, unnest(s.lexemes) AS u, unnest(u.weights) AS w(col)
WHERE u.lexeme NOT IN (SELECT term FROM unposted_terms)
ORDER BY 1, 2, 3
ON CONFLICT DO NOTHING;

-- Built after the rows: far quicker than growing it row by row on a large archive.
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = 'postings'::regclass
                   AND contype = 'p') THEN
        ALTER TABLE postings ADD PRIMARY KEY (col, term, sentence_id);
    END IF;
END $$;

-- The speaker terms alone (weight B) in a GIN index of their own: a search for a speaker
-- among sentences that are few, all over the archive, is answered from here, where the
-- main index would also return every sentence that merely mentions the name.
CREATE INDEX IF NOT EXISTS sentences_speaker_lexemes ON sentences USING GIN (ts_filter(lexemes, '{b}'))
    WHERE speaker_terms IS NOT NULL;

-- Each article's sentence ids, from the first to the last: a search within some days
-- keeps, from the postings, the sentences of those days' articles without reading them.
-- Sentences stored by concurrent transactions may interleave; a range then also holds
-- another article's sentences, which the search still checks against the days asked.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS sentence_ids INT8RANGE;

UPDATE articles a SET sentence_ids = spans.ids
FROM (
    SELECT article_id, int8range(min(id), max(id), '[]') AS ids
    FROM sentences GROUP BY article_id
) AS spans
WHERE a.id = spans.article_id;

-- What storing, re-crediting or deleting articles changes in ``search_terms``,
-- ``search_totals`` and the spelling index: one row per transaction, appended, never
-- updated, so concurrent writers share no row. They are folded into the statistics in
-- batches (bot/storage/postgres/terms.py), by one process at a time.
CREATE TABLE IF NOT EXISTS search_changes (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cols             TEXT[] NOT NULL,
    terms            TEXT[] NOT NULL,
    documents        BIGINT[] NOT NULL,
    sentence_rows    BIGINT NOT NULL,
    sentence_tokens  BIGINT NOT NULL,
    article_rows     BIGINT NOT NULL,
    article_tokens   BIGINT NOT NULL,
    spelling         TEXT[] NOT NULL
);
