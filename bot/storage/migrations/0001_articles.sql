-- Articles, their sentences (with who says them), and the full-text indexes.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    section         TEXT,
    byline          TEXT,
    dateline_place  TEXT,
    dateline_agency TEXT,
    published       TEXT,            -- ISO date, as printed by the source
    source          TEXT,            -- file name or URL it came from
    url             TEXT UNIQUE,
    kind            TEXT NOT NULL,   -- scraped | text | html | url
    ingested_at     TEXT NOT NULL,   -- ISO 8601 UTC
    content_hash    TEXT NOT NULL UNIQUE,
    paragraphs      TEXT NOT NULL    -- JSON array of the clean body's paragraphs
);

CREATE INDEX articles_by_published ON articles (published DESC, id DESC);
CREATE INDEX articles_by_ingested ON articles (ingested_at DESC, id DESC);

CREATE TABLE sentences (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    paragraph      INTEGER NOT NULL,
    position       INTEGER NOT NULL,  -- order within the article
    text           TEXT NOT NULL,
    speaker        TEXT,              -- who says it, fullest name in the article
    speaker_role   TEXT,
    speaker_mode   TEXT,              -- direct | reported | continued
    speaker_terms  TEXT,              -- name + role words, indexed for speaker questions
    UNIQUE (article_id, position)
);

CREATE VIRTUAL TABLE sentences_fts USING fts5 (
    text, speaker_terms,
    content = 'sentences', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text, speaker_terms)
    VALUES (new.id, new.text, new.speaker_terms);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text, speaker_terms)
    VALUES ('delete', old.id, old.text, old.speaker_terms);
END;
CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text, speaker_terms)
    VALUES ('delete', old.id, old.text, old.speaker_terms);
    INSERT INTO sentences_fts (rowid, text, speaker_terms)
    VALUES (new.id, new.text, new.speaker_terms);
END;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, section,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, section) VALUES (new.id, new.title, new.section);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, section)
    VALUES ('delete', old.id, old.title, old.section);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, section ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, section)
    VALUES ('delete', old.id, old.title, old.section);
    INSERT INTO articles_fts (rowid, title, section) VALUES (new.id, new.title, new.section);
END;
