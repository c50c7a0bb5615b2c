-- Summaries are cached per article, length and algorithm: computed once, served to every
-- user, every digest and every bot process. Rows are positions into the article's sentences.

CREATE TABLE summaries (
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    algorithm   TEXT NOT NULL,
    length      INTEGER NOT NULL,
    positions   INTEGER[] NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, algorithm, length)
);
