"""Text repair shared by every input kind: mojibake, odd spaces, stray controls."""

from __future__ import annotations

import re
import unicodedata

# "Â£" lower-cased becomes "â£": ftfy cannot see it as mojibake any more, but "â"
# followed by a Latin-1 symbol (U+00A0–U+00BF) is never real text in English news.
_LOWERCASED_MOJIBAKE = re.compile("â([\u00a0-\u00bf])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# soft hyphens and word joiners too: invisible, they would cut words in two for the search
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u2060\ufeff]")
# What text needing ftfy contains: UTF-8 read as Latin-1/cp1252 starts its characters with
# Ã, Â, â, Ð, Ñ, Ø, Ù, Å or Î followed by a symbol or C1 control; or left-over entities.
_NEEDS_REPAIR = re.compile(
    "[\u0080-\u009f\ufffd]|[ÃÂâÐÑØÙÅÎï][\u0080-\u00bf\u0152-\u2122]|&(?:#\\d+|[a-zA-Z]+);"
)


def repair_text(text: str) -> str:
    """Fix what can be fixed and keep the rest: never drops words."""
    import ftfy  # loaded on first use: a tenth of a second that most web pages never need

    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    text = _LOWERCASED_MOJIBAKE.sub(r"\1", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def repair_if_needed(text: str) -> str:
    """:func:`repair_text` for a short extracted text, skipping ftfy when nothing is wrong.

    Most text is clean; ftfy's full check costs more than the rest of HTML parsing.
    """
    if _NEEDS_REPAIR.search(text):
        return repair_text(text)
    return _CONTROLS.sub("", _LOWERCASED_MOJIBAKE.sub(r"\1", text))


def clean_line(line: str) -> str:
    """Collapse runs of spaces (NBSP included) and trim."""
    return _SPACES.sub(" ", line).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; a text without any uses one per line."""
    lines = text.split("\n")
    has_blank = any(not line.strip() for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        cleaned = clean_line(line)
        if not cleaned:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if has_blank:
            current.append(cleaned)
        else:
            paragraphs.append(cleaned)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def normalise_for_hash(paragraphs: list[str] | tuple[str, ...]) -> str:
    """The form two copies of one article share, whatever their case, spacing or quotes."""
    text = unicodedata.normalize("NFKD", " ".join(paragraphs)).casefold()
    return " ".join(re.findall(r"\w+", text))
