"""Search keys for stored speakers: name, role and nation twins."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.nlp.attribution.lexicon import DETS, NATION_ALIASES, word_set
from bot.nlp.attribution.records import Attribution

_SEARCH_CLEAN_RE = re.compile(r"[^\w\s]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b")
_KEY_STOP = word_set("the a an of for and in at from to")


def _nation_variants(words: Iterable[str]) -> list[str]:
    extra: list[str] = []
    for w in words:
        for alias in sorted(NATION_ALIASES.get(w, ())):
            if alias not in extra:
                extra.append(alias)
    return extra


def _norm_words(text: str) -> list[str]:
    text = _POSSESSIVE_RE.sub("", text.lower()).replace(".", "")
    return _SEARCH_CLEAN_RE.sub(" ", text).split()


def speaker_search_text(a: Attribution) -> str:
    """Lower-cased name, role and nation variants, for full-text indexing.

    Questions name a speaker by surname, full name or title ("the Armenian
    foreign minister"), so all of them, plus the country/demonym twin of any
    nation word ("armenia" for "armenian"), go into one searchable string.
    """
    words = _norm_words(a.name)
    role_words = _norm_words(a.role) if a.role else []
    seen = set(words) | set(role_words)
    extra = [w for w in _nation_variants(words + role_words) if w not in seen]
    return " ".join(words + role_words + extra)


def speaker_keys(a: Attribution) -> set[str]:
    """Keys a question's person may match: full name, surname, title and its words."""
    content = [w for w in _norm_words(a.name) if w not in _KEY_STOP]
    keys: set[str] = set()
    if content:
        keys.add(" ".join(content))
        keys.add(content[-1])
        keys.update(w for w in content if w not in DETS and len(w) > 1)
    if a.role:
        role = [w for w in _norm_words(a.role) if w not in _KEY_STOP]
        if role:
            keys.add(" ".join(role))
            keys.update(role)
    keys.update(_nation_variants(list(keys)))
    return keys
