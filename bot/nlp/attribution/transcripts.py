"""Transcript and signature formats: "TAPPER: So what ..." lines, and a quotation signed
"― Jane Roe, 34, Ohio" after it, as readers' letters and debate transcripts are printed."""

from __future__ import annotations

import re

from bot.nlp.attribution.lexicon import load_words

# "TAPPER: ...", "JAKE TAPPER: ...": a name in capitals opening a paragraph.
_SPEAKER_LINE_RE = re.compile(r"([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}):\s+\S")
# "― Krystal Correa", "”― Edwin G. Monroy, 28, Texas.", "- Bernie Sanders."
_SIGNATURE_RE = re.compile(
    r"[”\"]?\s*[―—–-]{1,2}\s*"
    r"((?:[A-Z][\w'’\-]*\.?)(?:\s+(?:[A-Z][\w'’\-]*\.?|de|van|von|la|del))*)"
    r"(?:,[^“\"”]{0,60})?\s*\.?\s*(?=$|[“\"])"
)
_NOT_SPEAKERS = load_words("not_speaker_labels")


def speaker_line(sentence: str) -> list[str] | None:
    """The name words of a transcript line ("TAPPER: ..."), or None."""
    m = _SPEAKER_LINE_RE.match(sentence)
    if m is None or m.group(1).lower() in _NOT_SPEAKERS:
        return None
    words = [w.rstrip(".").capitalize() for w in m.group(1).split()]
    return words if len(words[-1]) > 1 else None


def signature(sentence: str) -> tuple[list[str], str] | None:
    """A signature opening the sentence: (name words, the text after it), or None."""
    m = _SIGNATURE_RE.match(sentence)
    if m is None:
        return None
    words = [w.rstrip(".") for w in m.group(1).split()]
    if not 1 <= len(words) <= 5 or words[0].lower() in _NOT_SPEAKERS or len(words[-1]) < 2:
        return None
    return words, sentence[m.end() :]
