"""Feeds, the pure part: parsing RSS/Atom and OPML, finding a page's feed, canonical entry
URLs, which entries are new, and when to poll next. No network, no database, no Telegram."""
