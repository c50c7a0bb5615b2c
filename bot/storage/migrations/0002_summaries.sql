-- Summaries are cached per article, length and algorithm: computed once, served to every
-- user and every digest. Rows are positions into the article's sentences.

CREATE TABLE summaries (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    algorithm   TEXT NOT NULL,
    length      INTEGER NOT NULL,
    positions   TEXT NOT NULL,   -- JSON array of sentence positions, in article order
    created_at  TEXT NOT NULL,
    PRIMARY KEY (article_id, algorithm, length)
) WITHOUT ROWID;
