-- Which version of the attribution rules credited each article's speakers, so that an
-- archive ingested with older rules can be credited again (`newsbot reattribute`).

ALTER TABLE articles ADD COLUMN attribution_version INTEGER NOT NULL DEFAULT 0;

CREATE INDEX articles_by_attribution ON articles (attribution_version, id);
