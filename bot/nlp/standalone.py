"""Does a sentence stand on its own once lifted out of its article?

Summaries and answers show a few sentences without the ones around them. A sentence that
leans on an earlier one reads wrongly alone: an opening pronoun or demonstrative ("He said
…", "This means …"), a connective ("But …", "However, …"), or the middle of a quotation
opened before. So does a quotation cut before its closing mark. This module answers those
questions for a sentence in its article, and renders quotation marks so that each text
shown is balanced, in the article's own style, with no mark ever doubled: a quotation cut
short is closed with an ellipsis, one picked up midway is opened with one.

Pure text rules, no attribution: callers pass the speaker names they have. Single
quotation marks are left alone, since in running text most of them are apostrophes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CONNECTIVE",
    "CURLY",
    "DEMONSTRATIVE",
    "ELLIPSIS",
    "GUILLEMETS",
    "PRONOUN",
    "QUOTATION",
    "STRAIGHT",
    "QuoteState",
    "QuoteStyle",
    "bare_quotation",
    "clip_quotation",
    "close_cut",
    "dependence",
    "has_quote_marks",
    "is_proper_name",
    "name_speaker",
    "opening_connective",
    "opening_reference",
    "quote_once",
    "quote_state",
    "quote_states",
    "quote_style",
    "render_quotation",
    "render_run",
    "run_state",
    "speaker_in_view",
    "speaking_pronoun",
]

ELLIPSIS = "…"

# What makes a sentence lean on an earlier one, as ``dependence`` names it.
PRONOUN = "pronoun"
DEMONSTRATIVE = "demonstrative"
CONNECTIVE = "connective"
QUOTATION = "quotation"


# --------------------------------------------------------------------------- quotation marks


@dataclass(frozen=True, slots=True)
class QuoteStyle:
    """The pair of double quotation marks an article uses."""

    opening: str
    closing: str


STRAIGHT = QuoteStyle('"', '"')
CURLY = QuoteStyle("“", "”")
GUILLEMETS = QuoteStyle("«", "»")
_STYLE_OF = {'"': STRAIGHT, "“": CURLY, "”": CURLY, "«": GUILLEMETS, "»": GUILLEMETS}

# A run of the same mark counts once: '""word' is a typo for '"word'.
_MARK = re.compile(r'"+|“+|”+|«+|»+')
_DOUBLED = re.compile(r'("|“|”|«|»)\1+')
# Before a straight mark, these make it an opening one ('said:"No'), ...
_OPENS_AFTER = frozenset("([{—–/:")
# ... and these, before or after it, a closing one ('no."', '"No",').
_CLOSES_AFTER = frozenset(".,;!?…")
_CLOSES_BEFORE = frozenset(".,;:!?…)]}")
_OPENING_MARKS = frozenset('"“«')


@dataclass(frozen=True, slots=True)
class QuoteState:
    """Where a sentence stands with respect to the quotations of its article.

    ``continues``: it carries on a quotation opened in an earlier sentence (its own text
    may still start with a fresh opening mark, as a new paragraph of a quote does).
    ``opens_inside``: its text starts inside a quotation without an opening mark of its own.
    ``left_open``: its text ends inside a quotation that only a later sentence closes, or
    that nothing closes.
    """

    continues: bool = False
    opens_inside: bool = False
    left_open: bool = False

    @property
    def balanced(self) -> bool:
        """Every quotation the text shows opens and closes within it."""
        return not self.opens_inside and not self.left_open

    @property
    def kind(self) -> str:
        """ "balanced", "open" (cut before its close), "closed" (closes an earlier opening)
        or "inside" (both: the middle of a quotation)."""
        if self.opens_inside:
            return "inside" if self.left_open else "closed"
        return "open" if self.left_open else "balanced"


_BALANCED = QuoteState()


def _is_opening(text: str, start: int, end: int, inside: bool) -> bool:
    """Whether the mark at text[start:end] opens a quotation (else it closes one)."""
    mark = text[start]
    if mark in "“«":
        return True
    if mark in "”»":
        return False
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    can_open = not after.isspace()
    can_close = not before.isspace()
    if can_open and not can_close:
        return True
    if can_close and not can_open:
        return False
    if can_open and can_close:
        if before in _OPENS_AFTER:
            return True
        if before in _CLOSES_AFTER or after in _CLOSES_BEFORE:
            return False
    return not inside


def _scan(text: str, depth: int) -> tuple[int, bool, bool]:
    """Depth after the text, whether it closes a quotation it did not open, and whether it
    reopens (at its very start) one still open: the mark a new paragraph of a quote gets."""
    closes_earlier = False
    reopens = False
    for match in _MARK.finditer(text):
        if _is_opening(text, match.start(), match.end(), depth > 0):
            if depth and not text[: match.start()].strip():
                reopens = True
                continue
            depth += 1
        elif depth:
            depth -= 1
        else:
            closes_earlier = True
    return depth, closes_earlier, reopens


def _first_mark_carries_on(text: str) -> bool | None:
    """Whether the text's first mark carries on a quotation opened before it; None if
    it has no mark."""
    match = _MARK.search(text)
    if match is None:
        return None
    if _is_opening(text, match.start(), match.end(), True):
        return not text[: match.start()].strip()
    return True


def quote_state(text: str) -> QuoteState:
    """The quotation state of a text taken on its own, with no article around it."""
    depth, closes_earlier, _ = _scan(text, 0)
    return QuoteState(continues=closes_earlier, opens_inside=closes_earlier, left_open=depth > 0)


def quote_states(
    sentences: Sequence[str], paragraphs: Sequence[int] | None = None
) -> list[QuoteState]:
    """The quotation state of each sentence of an article, in order.

    ``paragraphs`` gives each sentence's paragraph number: a quotation still open at the
    end of a paragraph carries on only if the next paragraph reopens it, as news style
    does. A quotation that nothing later closes or reopens was never closed in the
    source: the sentence that opened it counts as cut, the ones after it as outside.
    """
    count = len(sentences)
    starts_paragraph = [
        paragraphs is not None and index > 0 and paragraphs[index] != paragraphs[index - 1]
        for index in range(count)
    ]
    reopening = [text.lstrip()[:1] in _OPENING_MARKS for text in sentences]
    # Whether a quotation left open after sentence i is carried on: the next mark closes
    # it, or reopens it at the start of a sentence (not a new quote opening midway).
    carried = [False] * count
    later = False
    for index in range(count - 1, 0, -1):
        if starts_paragraph[index]:
            later = reopening[index]
        else:
            verdict = _first_mark_carries_on(sentences[index])
            if verdict is not None:
                later = verdict
        carried[index - 1] = later
    states: list[QuoteState] = []
    depth = 0
    for index, text in enumerate(sentences):
        if starts_paragraph[index] and not reopening[index]:
            depth = 0
        entered = depth > 0
        depth, closes_earlier, reopens = _scan(text, depth)
        left_open = depth > 0
        if left_open and not carried[index]:
            depth = 0  # never closed in the source: do not drag what follows inside
        states.append(
            QuoteState(
                continues=entered or closes_earlier,
                opens_inside=(entered and not reopens) or closes_earlier,
                left_open=left_open,
            )
        )
    return states


def run_state(states: Sequence[QuoteState]) -> QuoteState:
    """The state of consecutive sentences shown together as one text."""
    if not states:
        return _BALANCED
    return QuoteState(
        continues=states[0].continues,
        opens_inside=states[0].opens_inside,
        left_open=states[-1].left_open,
    )


def has_quote_marks(text: str) -> bool:
    """Whether the text carries double quotation marks of its own."""
    return _MARK.search(text) is not None


def quote_style(texts: Iterable[str], default: QuoteStyle = CURLY) -> QuoteStyle:
    """The article's own quotation marks: the style most of its marks are in."""
    counts = {STRAIGHT: 0, CURLY: 0, GUILLEMETS: 0}
    for text in texts:
        for match in _MARK.finditer(text):
            counts[_STYLE_OF[match.group()[0]]] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else default


def close_cut(text: str, closing: str) -> str:
    """Close a quotation cut short: an ellipsis says it went on, then the closing mark."""
    text = text.rstrip()
    if text.endswith(("...", ELLIPSIS)):
        return text + closing
    if text.endswith("."):
        return text[:-1] + ELLIPSIS + closing
    if text.endswith(("?", "!")):
        return f"{text} {ELLIPSIS}{closing}"
    return text + ELLIPSIS + closing


def clip_quotation(text: str, limit: int, style: QuoteStyle = CURLY) -> str:
    """``text`` on one line and at most ``limit`` characters, cut at a word with "…"; a
    quotation the cut leaves open is closed after the ellipsis, in the text's own marks."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 3)]  # room for " …" and a closing mark
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(" ,;:-—")
    if quote_state(cut).left_open:
        return close_cut(cut, quote_style([cut], default=style).closing)
    return cut + ELLIPSIS


def render_quotation(text: str, state: QuoteState, style: QuoteStyle = CURLY) -> str:
    """The text with its quotation marks balanced, each shown once, in the text's own style.

    A text picked up inside a quotation is opened with a mark and an ellipsis; one whose
    quotation runs on past it is closed with an ellipsis and a mark. ``style`` (the
    article's) is used only when the text has no marks of its own to follow.
    """
    text = _DOUBLED.sub(r"\1", text)
    own = quote_style([text], default=style)
    if state.opens_inside:
        text = f"{own.opening}{ELLIPSIS} {text.lstrip()}"
    if state.left_open:
        text = close_cut(text, own.closing)
    return text


def render_run(
    texts: Sequence[str], states: Sequence[QuoteState], style: QuoteStyle = CURLY
) -> str:
    """Consecutive sentences shown as one text, their quotation marks balanced once.

    A sentence that reopens a quotation still open (the mark a new paragraph of a quote
    gets) loses that mark: joined, the quotation is one.
    """
    parts: list[str] = []
    for index, (text, state) in enumerate(zip(texts, states, strict=True)):
        text = text.strip()
        if index and state.continues and not state.opens_inside and states[index - 1].left_open:
            text = text[1:].lstrip() if text[:1] in _OPENING_MARKS else text
        parts.append(text)
    return render_quotation(" ".join(parts), run_state(states), style)


def quote_once(text: str, style: QuoteStyle = CURLY, state: QuoteState | None = None) -> str:
    """Show a text as a quotation: balanced, and wrapped in marks only if it has none.

    A text that already carries its own quotation marks is never wrapped again, so a quote
    never ends up as '“"… goal."”'.
    """
    balanced = render_quotation(text, state or quote_state(text), style)
    if has_quote_marks(balanced):
        return balanced
    return f"{style.opening}{balanced.strip()}{style.closing}"


# --------------------------------------------------------------------------- dependence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Third-person pronouns and demonstratives: opening a sentence, they point back.
_PRONOUNS = _words("he she it they his her its their him them")
_DEMONSTRATIVES = _words("this that these those")
# Openers that tie a sentence to the one before ("But …", "However, …", "As a result, …").
_CONNECTIVE_WORDS = _words(
    """
    but however and also yet instead nevertheless nonetheless moreover furthermore besides
    otherwise likewise similarly indeed thus hence therefore consequently or nor
    additionally accordingly
    """
)
# Phrases ending in a comma count only when the comma follows ("As a result, …", not
# "As a result of the strike, …").
_CONNECTIVE_PHRASES = (
    "in addition,",
    "as a result,",
    "even so",
    "that said,",
    "on the other hand,",
    "by contrast,",
    "in contrast,",
    "in turn,",
    "at the same time,",
    "after that,",
    "despite this",
    "despite that",
    "because of this",
    "still,",
    "so,",
)
# What may come before a sentence's first word: marks, brackets, dashes, an ellipsis.
_LEADING = re.compile(r"""^[\s"“”«»'‘’(\[—–\-…]*(?:\.\.\.)?[\s"“”«»'‘’(\[]*""")
_WORD = re.compile(r"[A-Za-z]+")


def _opening(text: str) -> str:
    """The text from its first word on, past opening marks and brackets."""
    return text[_LEADING.match(text).end() :]  # type: ignore[union-attr]


def opening_reference(text: str) -> str | None:
    """The pronoun or demonstrative the sentence opens with ("he", "this"), or None.

    Opening quotation marks are skipped: '"It was our best game," he said' leans on
    whatever "it" was just as much.
    """
    match = _WORD.match(_opening(text))
    if not match:
        return None
    word = match.group().lower()
    return word if word in _PRONOUNS or word in _DEMONSTRATIVES else None


def opening_connective(text: str) -> str | None:
    """The connective the sentence opens with ("but", "as a result"), or None."""
    opening = _opening(text).lower()
    match = _WORD.match(opening)
    if match and match.group() in _CONNECTIVE_WORDS:
        return match.group()
    for phrase in _CONNECTIVE_PHRASES:
        if opening.startswith(phrase) and (
            phrase.endswith(",") or not opening[len(phrase) : len(phrase) + 1].isalpha()
        ):
            return phrase.rstrip(",")
    return None


def dependence(text: str, state: QuoteState | None = None) -> str | None:
    """Why the sentence cannot stand alone, or None if it can.

    ``PRONOUN`` or ``DEMONSTRATIVE`` for an opening reference, ``CONNECTIVE`` for an
    opening "But"/"However"-type word, ``QUOTATION`` for one carrying on a quotation
    opened earlier (``state`` from ``quote_states``; without it only a closing mark with
    no opening one gives that away) or made of quotation alone, with nobody named as
    saying it. A quotation merely cut short is not a dependence: ``render_quotation``
    closes it.
    """
    reference = opening_reference(text)
    if reference is not None:
        return PRONOUN if reference in _PRONOUNS else DEMONSTRATIVE
    if opening_connective(text) is not None:
        return CONNECTIVE
    if (state or quote_state(text)).continues or bare_quotation(text):
        return QUOTATION
    return None


# --------------------------------------------------------------------------- speakers

_SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|warned|warns|argued|argues|insisted|insists|"
    "explained|explains|claimed|claims|stressed|stresses|noted|admitted|admits|believes|"
    "thinks|suggested|suggests|predicted|predicts|denied|denies|confirmed|confirms|"
    "revealed|reveals|announced|announces|acknowledged|acknowledges|urged|urges|wrote|"
    "writes|replied|concluded|commented|maintained|maintains|asked|asks|conceded|concedes|"
    "vowed|pledged|promised|declared|stated|hopes|fears|reckons|accused|accuses"
)
_SUBJECTS = "he|she|they|it|He|She|They|It"
# "he said", "he also told", "she has warned", "they had previously argued".
_PRONOUN_BEFORE_VERB = re.compile(
    rf"\b({_SUBJECTS})(?:\s+(?:also|later|then|has|have|had|would|will|once|previously|"
    rf"repeatedly|earlier|recently|again|further|already|even|still|never|always)){{0,3}}"
    rf"\s+(?:{_SPEECH_VERBS})\b"
)
# '"Yes," said he.'
_VERB_BEFORE_PRONOUN = re.compile(r"\b(?:said|says|added|asked|told)\s+(he|she|they)\b")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*[A-Za-z]")
_NOT_NAME_WORDS = _words("The A An Of And For In On At To By Mr Mrs Ms Dr Sir")
_UNQUOTED_WORD = re.compile(r"[^\W\d_]{2,}")


def _outside_quotations(text: str) -> list[tuple[int, int]]:
    """Spans of the text that stand outside its quotations (marks excluded)."""
    depth = 1 if quote_state(text).opens_inside else 0
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _MARK.finditer(text):
        if depth == 0:
            spans.append((position, match.start()))
        if _is_opening(text, match.start(), match.end(), depth > 0):
            depth += 1
        elif depth:
            depth -= 1
        position = match.end()
    if depth == 0:
        spans.append((position, len(text)))
    return spans


def bare_quotation(text: str) -> bool:
    """Whether the text is nothing but quotation: no words outside it say who speaks."""
    return has_quote_marks(text) and not any(
        _UNQUOTED_WORD.search(text, start, end) for start, end in _outside_quotations(text)
    )


def speaking_pronoun(text: str) -> tuple[int, int] | None:
    """Span of the pronoun outside any quotation that says what the sentence reports
    ("he" in '"…," he said'), or None when no pronoun speaks in it."""
    outside = _outside_quotations(text)
    for pattern in (_PRONOUN_BEFORE_VERB, _VERB_BEFORE_PRONOUN):
        for match in pattern.finditer(text):
            if any(start <= match.start(1) < end for start, end in outside):
                return match.span(1)
    return None


def is_proper_name(name: str) -> bool:
    """Whether a speaker as attribution found it names someone ("Vladimir Putin", "the
    Financial Times"), rather than describing them ("officials", "the company")."""
    return any(word not in _NOT_NAME_WORDS for word in _NAME_WORD.findall(name))


def speaker_in_view(name: str, *texts: str) -> bool:
    """Whether a reader of these texts already sees who ``name`` is.

    A person or body counts as named when its last capitalised word appears (so "Mr
    Putin" shows "Vladimir Putin"); a lower-case source ("officials") when it appears whole.
    """
    words = [word for word in _NAME_WORD.findall(name) if word not in _NOT_NAME_WORDS]
    if words:
        pattern = re.compile(rf"(?<![\w-]){re.escape(words[-1])}(?![\w-])")
    else:
        pattern = re.compile(rf"(?<![\w-]){re.escape(name.strip())}(?![\w-])", re.IGNORECASE)
    return any(pattern.search(text) for text in texts)


def name_speaker(text: str, name: str) -> str:
    """Name who speaks in a text shown without the sentences that named them.

    The pronoun that speaks gets the name in brackets, as editors do ("He [Vladimir
    Putin] said …"); a text with no such pronoun — a quotation on its own — gets a short
    lead-in ("Vladimir Putin: “…”"). A text that already names the speaker is left alone.
    """
    if speaker_in_view(name, text):
        return text
    span = speaking_pronoun(text)
    if span is not None:
        return f"{text[: span[1]]} [{name}]{text[span[1] :]}"
    return f"{name[:1].upper()}{name[1:]}: {text}"
