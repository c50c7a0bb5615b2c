"""Tokens and small word tests shared by the attribution passes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.nlp.attribution.lexicon import ABBREVS, ED_ING_OK, GROUPS, PLACE_ABBREVS, TITLES

MARKER = "\ue000"
_TOKEN_RE = re.compile(r"\w+(?:['’\-&/]\w+|\.\w+)*|[^\w\s]")
_PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][a-z]+")
_JOIN_FIX_RE = re.compile(r" (?=[.)])|(?<=\() ")


def is_word(tok: str) -> bool:
    c = tok[0]
    return c.isalnum() or c == "_"


def is_cap(text: str) -> bool:
    return text[:1].isupper()


def lowered(tok: str) -> str:
    low = tok.lower()
    return low.rstrip(".") if len(low) > 1 else low


def tokenize(text: str) -> list[str]:
    """Words and punctuation; "Mr." and "U.S." keep their full stop."""
    toks = _TOKEN_RE.findall(text)
    if "." not in toks[:-1]:
        return toks
    out: list[str] = []
    for at, tok in enumerate(toks):
        if (
            tok == "."
            and out
            and (
                len(out[-1]) == 1
                # "the No. 2 in the party"
                or (
                    out[-1] in ("No", "no")
                    and toks[at + 1 : at + 2] != []
                    and toks[at + 1].isdigit()
                )
                or "." in out[-1]
                or out[-1].lower() in ABBREVS
                # "Allentown, Pa., said", but not a sentence ending "... were ill."
                or (out[-1].lower() in PLACE_ABBREVS and is_cap(out[-1]))
                or _PARTY_TAG_RE.fullmatch(out[-1]) is not None  # "R-Ky."
            )
            and out[-1][0].isalpha()
        ):
            out[-1] += "."
        else:
            out.append(tok)
    return out


def is_possessive(low: str) -> bool:
    return low.endswith(("'s", "’s", "s'", "s’"))


def strip_possessive(text: str) -> str:
    if text[-2:].lower() in ("'s", "’s"):
        return text[:-2]
    return text[:-1] if text[-2:].lower() in ("s'", "s’") else text


def verbish(tok: str, low: str) -> bool:
    """Lower-case -ed/-ing words end a subject ("the figures released ... said")."""
    if "-" in low or low in ED_ING_OK or low in TITLES or is_cap(tok):
        return False
    return low.endswith(("ed", "ing"))


def join_words(toks: Iterable[str]) -> str:
    return _JOIN_FIX_RE.sub("", " ".join(toks))


def is_plural(low: str) -> bool:
    return low in GROUPS or (
        len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))
    )
