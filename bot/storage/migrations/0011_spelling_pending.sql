-- Terms whose one-letter deletions are not in spelling_variants yet. Written article by
-- article, the variants' random keys had most of that index's pages rewritten at every
-- commit (over two thirds of the time an article took to store); they are now written for
-- a few thousand terms at once, and a lookup checks the terms still waiting by itself.

CREATE TABLE IF NOT EXISTS spelling_pending (
    term_id INTEGER PRIMARY KEY REFERENCES spelling_terms (id) ON DELETE CASCADE
);
