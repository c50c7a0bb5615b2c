"""Quotation marks: which parts of a sentence are quoted, carried across sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlp.attribution.text import MARKER

QUOTE_MARK_RE = re.compile(r"[“”„«»\"]")
_OPENERS = frozenset("“„«")
QUOTE_STARTS = ("“", "„", "«", '"')


_TRIPLE_RE = re.compile("'''")


def _triple_as_marks(m: re.Match[str]) -> str:
    text, end = m.string, m.end()
    opening = end < len(text) and text[end].isalnum()
    return "\"'" if opening else "'\""


def doubled_quotes_as_marks(sentence: str) -> str:
    r"""Read NYT-style ``''...''`` and TeX-style ``\`\`...''`` as plain quotation marks."""
    if "''" not in sentence and "``" not in sentence:
        return sentence
    # A quotation inside another: "...a special case, closes both, No,' he" opens both.
    sentence = _TRIPLE_RE.sub(_triple_as_marks, sentence)
    return sentence.replace("''", '"').replace("``", '"')


@dataclass(slots=True)
class QuoteInfo:
    outside: str
    has_quote: bool
    starts_open: bool
    ends_open: bool
    starts_with_quote: bool
    quoted_share: float
    lead_words: int = 0  # words in the quotation the sentence opens with
    straight: bool = False  # the quotation left open was opened with a straight mark
    inside: str = ""  # the quoted words, for names that only the quotation speaks of


def _closes(sentence: str, p: int) -> bool:
    """Does the mark at ``p`` stand where a quotation ends: after a word or punctuation
    and before a space, punctuation or the end?"""
    before = sentence[p - 1] if p else " "
    after = sentence[p + 1] if p + 1 < len(sentence) else " "
    return not before.isspace() and not after.isalnum()


def _opens(sentence: str, p: int) -> bool:
    """Does the mark at ``p`` stand where a quotation begins: after a space and before a
    letter?  Not at the start, where it more often closes the sentence before."""
    after = sentence[p + 1] if p + 1 < len(sentence) else " "
    return p > 0 and sentence[p - 1].isspace() and after.isalnum()


def _opens_sentence(sentence: str, p: int) -> bool:
    """Does a closing mark typed for an opening one start the sentence: '” … he said it
    twice,” Li wrote.' (a second ” closes it, and no “ stands anywhere)?"""
    return not sentence[:p].strip() and sentence.count("”") >= 2 and "“" not in sentence


def scan_quotes(sentence: str, open_at_start: bool, straight: bool = False) -> QuoteInfo:
    """Mask quotations, carrying an open quote over from the previous sentence (opened
    with a straight mark when ``straight``)."""
    state = open_at_start
    n = len(sentence)
    if not state and not QUOTE_MARK_RE.search(sentence):
        return QuoteInfo(sentence, False, False, False, False, 0.0)
    opened_straight = straight and state
    spans: list[tuple[int, int]] = []
    start = 0
    depth = 0  # curly quotations inside the open one: “... “your team” ...”
    for m in QUOTE_MARK_RE.finditer(sentence):
        p = m.start()
        c = m.group()
        if c == '"':
            prev = sentence[p - 1] if p > 0 else " "
            nxt = sentence[p + 1] if p + 1 < n else " "
            if state:
                # A straight quote opening a continued paragraph reopens, not closes.
                opening = p == 0 or (prev.isspace() and nxt.isalnum())
                c = "“" if opening else "”"
            else:
                closing = (
                    p > 0
                    and not spans
                    and not prev.isspace()
                    and prev not in "([—–-"
                    and not nxt.isalnum()
                )
                c = "”" if closing else "“"
        elif c == "“" and state and _closes(sentence, p):
            c = "”"  # typed the wrong way round: '“Yes,“ said Jo Li.'
        elif c == "”" and not state and (_opens(sentence, p) or _opens_sentence(sentence, p)):
            c = "“"  # 'aides ”get close” to him', '” … he delivered,” Li wrote.'
        if c in _OPENERS:
            if not state:
                state = True
                start = p
                opened_straight = m.group() == '"'
            elif not opened_straight and not sentence[:p].strip():
                # “ opening the sentence reopens: the quotation before was left open
                # (a passage quoted in straight marks may hold “ ” of its own)
                pass
            elif m.group() != '"':
                depth += 1
        elif state and depth:
            depth -= 1
        elif state:
            spans.append((start, p + 1))
            state = False
        elif not spans:
            # A closing mark with no opener: the quote began before this sentence.
            spans.append((0, p + 1))
    if state:
        spans.append((start, n))
    pieces: list[str] = []
    last = 0
    quoted = 0
    for a, b in spans:
        pieces.append(sentence[last:a])
        pieces.append(f" {MARKER} ")
        quoted += b - a
        last = b
    inside = " ".join(sentence[a:b] for a, b in spans)
    pieces.append(sentence[last:])
    return QuoteInfo(
        outside="".join(pieces),
        has_quote=bool(spans),
        starts_open=open_at_start,
        ends_open=state,
        starts_with_quote=open_at_start or sentence.lstrip()[:1] in QUOTE_STARTS,
        quoted_share=quoted / n if n else 0.0,
        lead_words=len(sentence[spans[0][0] : spans[0][1]].split()) if spans else 0,
        straight=state and opened_straight,
        inside=inside,
    )


def quote_groups(infos: Sequence[QuoteInfo]) -> list[int]:
    """A number per sentence, shared by the sentences of one quotation running over several."""
    group_of: list[int] = []
    gid = 0
    for i, info in enumerate(infos):
        if i and not (infos[i - 1].ends_open and info.starts_open):
            gid += 1
        group_of.append(gid)
    return group_of
