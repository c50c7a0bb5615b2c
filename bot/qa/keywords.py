"""Ranking sentences for a keyword question, and telling when none of them answers it.

A question's words do not weigh the same: "Savoy" says what the question is about, "pay"
could be anywhere. Each concept (a word, or a name with its other forms: "Lib Dem" is also
"Liberal Democrat") weighs by its rarity in the archive (inverse document frequency), names
written with a capital weigh more, and a sentence scores by the weight it holds. The
article's title and first sentence, and the sentence just before, count as evidence too,
at a discount: "5,500 tickets had been sold" answers a question about Nelly's concert when
the title is about Nelly. A sentence of the kind of fact asked for ("how much" -> an
amount, "when" -> a date, "who" -> a name) ranks above one that only repeats the question.

When the best sentence does not hold the question's names, or too little of its weight,
the archive does not answer the question and nothing is shown.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.nlp.standalone import opening_reference
from bot.qa.aliases import Concept, concepts_of, tokens_of
from bot.qa.answer import AnswerItem
from bot.qa.question import QUESTION_WORDS, STOP_WORDS, AnswerType
from bot.qa.rank import LOOSE_PREFIX, item_of, stem
from bot.qa.records import SentenceHit

# Score parts: the sentence's own share of the question's weight counts in full; what only
# its context (title, first sentence, sentences before it) holds counts at this rate, and
# names found only further off in the article at the next.
CONTEXT_WEIGHT = 0.5
# A sentence that opens with "It" or "They" is about what the sentences before it name
# (not the title): their words count nearly as its own ("It took $19.1m on Christmas Day").
LEANING_CONTEXT_WEIGHT = 0.8
ARTICLE_WEIGHT = 0.25
# The kind of fact asked for, present in the sentence (or missing from it).
TYPE_WEIGHT = 0.25
# A name of several words found whole in the sentence ("Independent Spirit Awards").
PHRASE_WEIGHT = 0.1
# Names written with a capital say what the question is about.
NAME_BOOST = 1.5
# Long sentences hold many words by chance: each word past this many costs a little.
LONG_SENTENCE = 45
LENGTH_COST = 0.002
# Below this share of the question's weight (sentence and context), nothing answers it.
MIN_EVIDENCE = 0.6

# Stems at least this long are also found with an agent ending ("vote" in "voter").
AGENT_MIN = 4

_TOKEN = re.compile(r"[^\W_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NUMBER_WORDS = _words(
    """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions
    trillion dozen dozens half quarter double twice triple treble
    """
)
_MONTHS = _words(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
_DAY_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow
    yesterday spring summer autumn winter weekend christmas easter
    """
)
# Words that open sentences and are no names.
_NOT_NAMES = _words("mr mrs ms dr sir however but meanwhile also so yet still")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_AMOUNT_MARK = re.compile(r"[£$€¥%]|\bper\s?cent\b", re.IGNORECASE)
_MONEY = re.compile(
    r"[£$€¥]\s?\d|\d\s?(?:bn|m|k)\b|\b\d[\d,.]*\s+(?:pounds?|dollars?|euros?|yen|rupees?|"
    r"pence|cents?|francs?|roubles?|yuan|rand)\b|\b(?:pounds?|dollars?|euros?|rupees?)\b",
    re.IGNORECASE,
)
# A sum of money or a percentage with its figure: "$1.8bn (£931m)", "6%".
_MONEY_FIGURE = re.compile(
    r"[£$€¥]\s?\d[\d,.]*\s?(?:bn|m|k|billion|million|trillion)?|\d[\d,.]*\s?(?:bn|m|k)\b"
    r"|\d[\d,.]*\s?(?:%|per\s?cent)",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*")
# A day of a month ("26 February", "March 5th"), a weekday, or a time of day: the answer
# to "when" itself. A year alone, or "this year", says less.
_MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
_EXACT_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?(?:\s*-\s*\d{1,2}(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    + _MONTH_NAMES
    + r"|"
    + _MONTH_NAMES
    + r"\s+\d{1,2}(?:st|nd|rd|th)?\b"
    + r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    + r"|\b\d{3,4}\s?(?:GMT|BST)\b|\b\d{1,2}[.:]\d\d\s?(?:am|pm)\b"
)
_MONTH_ALONE = re.compile(r"\b" + _MONTH_NAMES)
_SOON = re.compile(
    r"\b(?:(?:next|later\s+this|early\s+next|late\s+next|end\s+of\s+(?:the|this|next))\s+"
    r"(?:week|weekend|month|year|season|spring|summer|autumn|winter)|tomorrow|tonight"
    r"|(?:this|next)\s+(?:weekend|spring|summer|autumn|winter))\b",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\([^()]*\)")
# A span of time: the answer to "how long", and no amount of anything else.
_SPAN = re.compile(
    r"\b(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|several|few|many|\w+-\w+)\s+(?:more\s+|full\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|seasons?|decades?|games?|"
    r"matches?)\b",
    re.IGNORECASE,
)
# A part of a whole: a percentage or a fraction ("a third", "a majority stake").
_SHARE_MARK = re.compile(
    r"\d\s?%|\bper\s?cent\b|\b(?:a|one|two)[\s-](?:half|third|quarter|fifth|tenth)s?\b"
    r"|\bhalf\b|\bmajority\b|\bminority\b",
    re.IGNORECASE,
)
# Words between a number and the thing it counts: "30 Airbus A320 planes".
COUNT_GAP = 3
_CHANGE_MARK = re.compile(
    r"\d\s?%|\bper\s?cent\b|\bpercentage\s+points?\b|\bpoints?\b", re.IGNORECASE
)
# "Joe Pasquale won", "Slovakia clinched", "won by Leroi", "the winner was The Simpsons":
# a name as the subject of a verb of winning (not "…, beating X", where X lost).
_WINNER = re.compile(
    r"(?P<who>(?:[A-Z][\w'’.-]*\s+){1,4})(?:(?:has|have|had|will|would)\s+(?:also\s+)?)?"
    r"(?:won|wins|win|beat|beats|clinched|scooped|triumphed|took|claimed|retained|lifted)\b"
    r"|(?P<has>(?:[A-Z][\w'’.-]*\s+){1,4})(?:has|have|had)\s+(?:also\s+)?(?:beaten|taken)\b"
    r"|(?P<named>(?:[A-Z][\w'’.-]*\s+){1,4})(?:was|were|is|are|has\s+been|have\s+been)\s+"
    r"(?:named|voted|crowned)\b"
    r"|(?:won|awarded|scooped|taken)\s+by\s+(?P<by>(?:[A-Z][\w'’.-]*\s*){1,4})"
    r"|[Ww]inners?\b[^.]{0,60}?\b(?:was|were|is|are|went\s+to)\s+(?P<to>(?:[A-Z][\w'’.-]*\s*){1,4})"
)
# Words of winning, for "who won": the winner is the name beside one of them.
_WIN_WORDS = _words(
    """
    won win wins winner winners winning beat beats beating beaten victory victorious
    champion champions champion's title clinched clinch scooped scoop triumphed triumph
    took claimed retained crowned named awarded honoured picked
    """
)


# Past forms the stemmer cannot tie to their verb: "how much did it shrink" is answered by
# "it shrank". Each group between bars is one verb's forms; words that are also common
# nouns or adjectives in news ("left", "found", "saw", "fed") are left out.


def _groups(text: str) -> list[frozenset[str]]:
    return [_words(group) for group in text.split("|")]


_VERB_FORMS = _groups(
    """
    pay paid | buy bought | sell sold | win won | lose lost | shrink shrank shrunk |
    grow grew grown | go goes went gone | take took taken | give gave given | spend spent |
    rise rose risen | fall fell fallen | begin began begun | run ran | bring brought |
    hold held | meet met | keep kept | choose chose chosen | fly flew flown |
    drive drove driven | write wrote written | break broke broken | steal stole stolen |
    sink sank sunk | sing sang sung | lead led | send sent | build built | beat beaten |
    throw threw thrown | fight fought | catch caught | teach taught | seek sought |
    stand stood | strike struck | draw drew drawn | eat ate eaten | freeze froze frozen |
    hide hid hidden | ride rode ridden | shake shook | withdraw withdrew withdrawn |
    deal dealt | lend lent | slide slid
    """
)
_FORMS_OF_VERB = {form: forms for forms in _VERB_FORMS for form in forms}
# A sentence whose subject is a thing described, not named, is about the thing named
# before it too: "The game sold 1m copies", "The studio was founded in 1968".
_DESCRIBED = re.compile(
    r"[\"'‘“]?The(?:\s+[a-z][\w-]*){1,3}\s+(?:is|was|are|were|has|had|have|will|would|could|"
    r"can|may|might|\w+ed|\w+s|"
    + "|".join(sorted(f for forms in _VERB_FORMS for f in forms if len(f) > 2))
    + r")\b"
)


def question_concepts(words: Sequence[str]) -> list[Concept]:
    """The question's words as concepts ("Lib Dem" with "Liberal Democrat", see
    ``concepts_of``), and besides: a word joined by an apostrophe or a hyphen is one
    concept ("i'm", "day-lewis"), also found written solid ("e-mail" as "email"), and a
    verb is also found in its irregular past ("shrink" in "shrank")."""
    found: list[Concept] = []
    plain: list[str] = []
    for word in words:
        tokens = tokens_of(word)
        if len(tokens) > 1:
            found += concepts_of(plain)
            plain = []
            solid = ("".join(tokens),)
            found.append(Concept(tokens, (tokens, solid)))
        else:
            plain.append(word)
    found += concepts_of(plain)
    return [_with_verb_forms(c) for c in found]


def _with_verb_forms(concept: Concept) -> Concept:
    if len(concept.asked) != 1 or concept.asked[0] not in _FORMS_OF_VERB:
        return concept
    others = sorted(_FORMS_OF_VERB[concept.asked[0]] - {concept.asked[0]})
    forms = tuple(dict.fromkeys([*concept.forms, *((o,) for o in others)]))
    return Concept(concept.asked, forms)


@dataclass(frozen=True, slots=True)
class WeightedConcept:
    """A concept of the question with its weight and the index stems of each form."""

    concept: Concept
    weight: float
    named: bool
    forms: tuple[tuple[str, ...], ...]  # stems of each form, ``concept.asked`` first
    bound: bool = False  # written right after a name: held wherever the name is needed


def weigh(
    concepts: Sequence[Concept],
    documents: Mapping[str, int],
    total: int,
    names: Iterable[str] = (),
    bound: Iterable[str] = (),
) -> list[WeightedConcept]:
    """Each concept's weight from how many sentences hold its commonest form."""
    named = {t for name in names for t in _TOKEN.findall(name.lower())}
    tied = frozenset(bound)
    weighted = []
    for concept in concepts:
        forms = tuple(tuple(stem(t) for t in form) for form in concept.forms)
        count = sum(min((documents.get(s, 0) for s in form), default=0) for form in forms)
        weight = math.log(1.0 + (total + 1) / (count + 0.5))
        is_name = named.issuperset(concept.asked)
        weighted.append(
            WeightedConcept(
                concept,
                weight * (NAME_BOOST if is_name else 1.0),
                is_name,
                forms,
                not is_name and bool(tied.intersection(concept.asked)),
            )
        )
    return weighted


# A word of a question typed in lower case is read as a name when the archive writes it
# with a capital at least this often (away from a sentence's start), and this many times.
NAME_SHARE = 0.8
NAME_SEEN = 2


def written_as_names(concepts: Sequence[Concept], texts: Iterable[str]) -> frozenset[str]:
    """The question's words that the texts write as names ("lenovo" as "Lenovo", "psp" as
    "PSP"): a question typed in lower case then weighs and finds them as if capitalised."""
    return names_among(capital_shares(concepts, texts))


@dataclass(frozen=True, slots=True)
class Capitals:
    """How the texts write a word away from a sentence's start: how often at all, how
    often with a capital, and how often as a name of its own (no capitalised word beside
    it but a title: "Mr Brown", not "Stanley Cup")."""

    seen: int = 0
    capital: int = 0
    alone: int = 0


def names_among(shares: Mapping[str, Capitals]) -> frozenset[str]:
    """The words written with a capital often enough to be read as names."""
    return frozenset(
        word
        for word, c in shares.items()
        if c.capital >= NAME_SEEN and c.capital >= NAME_SHARE * c.seen
    )


_TITLES = _words("mr mrs ms dr sir lord lady dame")


def written_in_lower_case(word: str, texts: Iterable[str]) -> bool:
    """Whether the texts write the word, away from a sentence's start, and not as a name
    ("island" and "finale" are; "Glasgow" and "Jeremy" are not)."""
    shares = capital_shares(concepts_of([word]), texts)
    written = shares.get(word)
    return written is not None and written.seen > 0 and not names_among({word: written})


def capital_shares(concepts: Sequence[Concept], texts: Iterable[str]) -> dict[str, Capitals]:
    """How the texts write each of the question's words (see ``Capitals``); days and
    months, capitalised by custom, are left out."""
    wanted = {
        stem(t): t
        for c in concepts
        for t in c.asked
        if t not in STOP_WORDS
        and not t[:1].isdigit()
        and len(t) > 1
        and t not in _DAY_WORDS
        and (t not in _MONTHS or t == "may")
    }
    if not wanted:
        return {}
    capital: dict[str, int] = dict.fromkeys(wanted, 0)
    seen: dict[str, int] = dict.fromkeys(wanted, 0)
    alone: dict[str, int] = dict.fromkeys(wanted, 0)
    for text in texts:
        tokens = _TOKEN.findall(text)
        for index, token in enumerate(tokens):
            key = stem(token.lower())
            if index == 0 or key not in wanted:
                continue
            seen[key] += 1
            if token[0].isupper():
                capital[key] += 1
                alone[key] += not any(
                    0 < other < len(tokens) and _capitalised_word(tokens[other])
                    for other in (index - 1, index + 1)
                )
    return {wanted[k]: Capitals(seen[k], capital[k], alone[k]) for k in wanted}


def _capitalised_word(token: str) -> bool:
    return token[0].isupper() and token.lower() not in _TITLES


# A word the archive writes with a capital at least this often, though not often enough to
# be a name by itself, is part of the name it follows: "grand national", "Commonwealth
# Games" are found only side by side.
NAME_PART_SHARE = 0.3
_QUESTION_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Words before the subject of a question whose verb comes last ("did the gamer pay").
_AUXILIARIES = _words("did does do is are was were has have had will would can could should")
_DETERMINERS = _words("the a an its his her their this that these those")
# Verbs that close such a question though they are stop words ("will Shell own").
_CLOSING_VERBS = _words("own have do be get make")


@dataclass(frozen=True, slots=True)
class NameBinding:
    """What a question writes right after a name: "prize" of "who won the turner prize",
    which an answer must hold as well as the name ("Sophie Turner won" is no answer);
    names of several words an answer must hold side by side ("grand national"); and a name
    with a number ("terminal 5"), which is another thing than its words apart."""

    bound: frozenset[str] = frozenset()
    joined: tuple[tuple[str, str], ...] = ()
    numbered: tuple[tuple[str, str], ...] = ()


# A name that stands on its own this seldom is part of a longer one ("Cup", "National").
ALONE_SHARE = 0.1


def name_binding(text: str, names: Iterable[str], shares: Mapping[str, Capitals]) -> NameBinding:
    """The words of ``text`` bound to the names before them (``names``: the question's
    words read as names; ``shares``: how the archive writes each word).

    In "when was google maps launched" or "how much did the gamer pay" the last word of
    the subject is the verb, bound to nothing; in "ibm's pc business" what follows the
    possessive is a thing of IBM's, no part of its name.
    """
    named = frozenset(names)
    bound: set[str] = set()
    joined: list[tuple[str, str]] = []
    numbered: list[tuple[str, str]] = []
    for run in _subject_runs(text):
        for first, second in itertools.pairwise(run):
            if first.endswith(("'s", "'")):
                break
            first, second = _bare(first), _bare(second)
            if second[:1].isdigit():
                if (first in named or first in bound) and not _YEAR.match(second):
                    numbered.append((first, second))
                continue
            if first not in named:
                continue
            bound.add(second)
            written = shares.get(second, Capitals())
            if not written.capital:
                continue
            part = second not in named and written.capital >= NAME_PART_SHARE * written.seen
            if part or (second in named and written.alone < ALONE_SHARE * written.capital):
                joined.append((first, second))
    return NameBinding(frozenset(bound), tuple(joined), tuple(numbered))


def _subject_runs(text: str) -> Iterator[list[str]]:
    """The runs of the question's words between its stop words, lower-cased; a run just
    after an auxiliary ("did the gamer pay") without the verb that closes it."""
    words = [m.group().lower().replace("’", "'") for m in _QUESTION_WORD.finditer(text)]
    index = 0
    while index < len(words):
        if _is_stop(_bare(words[index])):
            index += 1
            continue
        start = index
        while index < len(words) and not _is_stop(_bare(words[index])):
            index += 1
        run = words[start:index]
        if _after_auxiliary(words, start):
            closing = index < len(words) and words[index] in _CLOSING_VERBS
            while run and run[-1][:1].isdigit():
                run = run[:-1]
            if not closing and len(run) > 1:
                run = run[:-1]
        yield run


def plain_pairs(
    text: str, keywords: Iterable[str], names: Iterable[str] = ()
) -> tuple[tuple[str, str], ...]:
    """Pairs of the question's keywords written next to each other in lower case, neither
    of them read as a name ("love island" of "love island winners"): the name of a thing
    when the archive holds both words yet never in one sentence."""
    named = {t for name in names for t in _TOKEN.findall(name.lower())}
    wanted = frozenset(k.lower() for k in keywords) - named
    capitalised = {
        m.group().lower().replace("’", "'")
        for m in _QUESTION_WORD.finditer(text)
        if any(ch.isupper() for ch in m.group())
    }
    pairs: list[tuple[str, str]] = []
    for run in _subject_runs(text):
        for first, second in itertools.pairwise(run):
            if first.endswith(("'s", "'")):
                break
            pair = (_bare(first), _bare(second))
            if any(w in capitalised or w not in wanted for w in pair):
                continue
            pairs.append(pair)
    return tuple(dict.fromkeys(pairs))


def _bare(word: str) -> str:
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def _is_stop(word: str) -> bool:
    return not word or word in STOP_WORDS or word in QUESTION_WORDS


def _after_auxiliary(words: Sequence[str], start: int) -> bool:
    before = start - 1
    while before >= 0 and words[before] in _DETERMINERS:
        before -= 1
    return before >= 0 and words[before] in _AUXILIARIES


def side_by_side(text: str, pair: tuple[str, str]) -> bool:
    """Whether the text writes the two words (as index stems) one after the other; a
    possessive between them does not part them ("Sony's Vaio")."""
    first, second = stem(pair[0]), stem(pair[1])
    tokens = [stem(t.lower()) for t in _TOKEN.findall(text)]
    tokens = [t for t in tokens if t != "s"]
    return any(a == first and b == second for a, b in itertools.pairwise(tokens))


def unknown(concept: Concept, documents: Mapping[str, int]) -> bool:
    """No form of the concept occurs anywhere in the archive."""
    return not any(all(documents.get(stem(t), 0) > 0 for t in form) for form in concept.forms)


class Evidence:
    """Which of the question's concepts a text holds (with the index's stemming).

    A concept the question writes as a name counts only where the text writes it as a
    name too: "Love Island" is not found in "a love of islands".
    """

    __slots__ = ("_concepts", "_finder", "_held", "_initials")

    def __init__(self, concepts: Sequence[WeightedConcept]) -> None:
        self._concepts = tuple(concepts)
        # Initials ("M&S") are also found as the words they stand for ("Marks & Spencer").
        self._initials = {
            index: _spelled_out(c.concept.asked)
            for index, c in enumerate(concepts)
            if len(c.concept.asked) > 1 and all(len(t) == 1 for t in c.concept.asked)
        }
        # Titles and copies of a story repeat: each distinct text is read once.
        self._held: dict[str, frozenset[int]] = {}
        beginnings = {
            s[: min(len(s) - 1, 3)] or s for c in concepts for form in c.forms for s in form if s
        }
        simple = bool(beginnings) and all(b.isascii() for b in beginnings)
        self._finder = (
            re.compile(
                r"(?<![^\W_])(?:"
                + "|".join(re.escape(b) for b in sorted(beginnings, key=len, reverse=True))
                + r")[^\W_]*",
                re.IGNORECASE,
            )
            if simple
            else None
        )

    def _tokens(self, text: str) -> list[str]:
        if self._finder is None or not text.isascii():
            return _TOKEN.findall(text)
        return self._finder.findall(text)

    def held(self, text: str) -> frozenset[int]:
        """Indices of the concepts the text holds in some form."""
        found = self._held.get(text)
        if found is None:
            found = self._held[text] = self._read(text)
        return found

    def _read(self, text: str) -> frozenset[int]:
        tokens = self._tokens(text)
        stems = frozenset(stem(t) for t in tokens)
        names = frozenset(stem(t) for t in tokens if t[:1].isupper() or t[:1].isdigit())
        return frozenset(
            index
            for index, concept in enumerate(self._concepts)
            if any(
                all(_stem_in(s, names if concept.named else stems) for s in form)
                for form in concept.forms
            )
            or (index in self._initials and self._initials[index].search(text) is not None)
        )


def _spelled_out(letters: Sequence[str]) -> re.Pattern[str]:
    """Capitalised words with the given initials, joined as names join: "Marks & Spencer"
    for M&S, "Bradford and Bingley" for B&B."""
    glue = r"\s+(?:(?:&|and|of|the|de)\s+)?"
    words = [rf"{re.escape(letter.upper())}[\w'’-]+" for letter in letters]
    return re.compile(r"(?<![\w'’])" + glue.join(words) + r"(?![\w'’])")


def _stem_in(wanted: str, stems: frozenset[str]) -> bool:
    if wanted in stems:
        return True
    # The one who does it: "vote" in "voters", "bank" in "bankers".
    if len(wanted) >= AGENT_MIN and (wanted + "r" in stems or wanted + "er" in stems):
        return True
    if len(wanted) < LOOSE_PREFIX:
        return False
    head = wanted[:LOOSE_PREFIX]
    return any(s.startswith(head) for s in stems)


def has_answer_type(text: str, answer_type: AnswerType | None, asked: Iterable[str]) -> bool:
    """Whether the text holds the kind of fact asked for, beyond what the question says."""
    return answer_strength(text, answer_type, asked) >= 0.5


def answer_strength(
    text: str,
    answer_type: AnswerType | None,
    asked: Iterable[str],
    counted: str | None = None,
) -> float:
    """How fully the text holds the kind of fact asked for, from 0 (not at all) to 1.

    "When" is answered best by a day ("on 17 April", "on Thursday", "next month"), less by
    a year alone; a year in brackets is a film's or a book's, no date of anything. "How
    much did it shrink" wants a percentage, "how long" a span of time, "who won" a name
    beside a word of winning. "How many planes" is answered best by a number of planes
    ("30 Airbus A320 planes"), less by another number, least by a sum of money; "what
    share" by a percentage or a fraction.
    """
    if answer_type is None:
        return 0.0
    strength = _strength(text, answer_type, tuple(asked))
    if answer_type == "quantity" and counted:
        if _counts(text, stem(counted)):
            return 1.0
        if strength >= 1.0 and _MONEY.search(text) and not _plain_number(text, tuple(asked)):
            return 0.5
        return min(strength, 0.75)
    return strength


def _counts(text: str, counted: str) -> bool:
    """A number followed closely by the thing counted ("148 current members"); a sum of
    money or a percentage counts nothing ("12.5% searches")."""
    tokens = _TOKEN.findall(_MONEY_FIGURE.sub(" ", text).lower())
    for index, token in enumerate(tokens):
        if not _is_number(token):
            continue
        following = tokens[index + 1 : index + 2 + COUNT_GAP]
        if any(stem(t) == counted for t in following):
            return True
    return False


def _plain_number(text: str, asked: tuple[str, ...]) -> bool:
    """A number that is no sum of money, percentage, year or span of time."""
    plain = _BRACKETED.sub(" ", _SPAN.sub(" ", _MONEY_FIGURE.sub(" ", text)))
    asked_tokens = {t for a in asked for t in _TOKEN.findall(a.lower())}
    return any(_is_number(t) and t not in asked_tokens for t in _TOKEN.findall(plain.lower()))


@lru_cache(maxsize=4096)
def _strength(text: str, answer_type: AnswerType, asked: tuple[str, ...]) -> float:
    asked_tokens = {t for a in asked for t in _TOKEN.findall(a.lower())}
    if answer_type == "money":
        return 1.0 if _MONEY.search(text) else 0.0
    if answer_type == "date":
        return _date_strength(_BRACKETED.sub(" ", text), asked_tokens)
    if answer_type == "duration":
        if _SPAN.search(text):
            return 1.0
        return 0.5 if _date_strength(text, asked_tokens) >= 1.0 else 0.0
    if answer_type == "person":
        return 1.0 if _names_beyond(text, asked_tokens) else 0.0
    if answer_type == "winner":
        if any(
            _names_beyond(next(g for g in m.groups() if g), asked_tokens)
            for m in _WINNER.finditer(text)
        ):
            return 1.0
        tokens = set(_TOKEN.findall(text.lower()))
        won = bool(tokens & _WIN_WORDS)
        named = _names_beyond(text, asked_tokens)
        return 0.7 if won and named else 0.5 if won else 0.3 if named else 0.0
    # An amount: a figure or a number word, other than a year and the length of a period.
    spans = {t for m in _SPAN.finditer(text) for t in _TOKEN.findall(m.group().lower())}
    tokens = [t for t in _TOKEN.findall(text.lower()) if t not in asked_tokens]
    if answer_type == "share":
        if _SHARE_MARK.search(text):
            return 1.0
        return 0.5 if any(_is_number(t) for t in tokens) else 0.0
    if answer_type == "change":
        if _CHANGE_MARK.search(text) or _MONEY.search(text):
            return 1.0
        counted = [t for t in tokens if t not in spans]
        return 0.5 if any(_is_number(t) for t in counted) else 0.0
    if _AMOUNT_MARK.search(text):
        return 1.0
    counted = [t for t in tokens if t not in spans or t in asked_tokens]
    if any(_is_number(t) for t in counted):
        return 1.0
    return 0.5 if any(_is_number(t) for t in tokens) else 0.0


def _is_number(token: str) -> bool:
    return (token[0].isdigit() and not _YEAR.match(token)) or token in _NUMBER_WORDS


def _date_strength(text: str, asked_tokens: set[str]) -> float:
    for pattern in (_EXACT_DATE, _SOON):
        for match in pattern.finditer(text):
            if not set(_TOKEN.findall(match.group().lower())) <= asked_tokens:
                return 1.0
    tokens = [t for t in _TOKEN.findall(text) if t.lower() not in asked_tokens]
    if any(_MONTH_ALONE.fullmatch(t) for t in tokens if t[:1].isupper() and t != "May"):
        return 1.0
    lowered = [t.lower() for t in tokens]
    if any(_YEAR.match(t) for t in lowered) or any(t in _DAY_WORDS for t in lowered):
        return 0.5
    return 0.0


def _names_beyond(text: str, asked_tokens: set[str]) -> bool:
    """A capitalised word the question does not already name (and not a word capitalised
    only because it opens the sentence)."""
    return any(
        low not in asked_tokens
        and low not in _MONTHS
        and low not in _DAY_WORDS
        and low not in STOP_WORDS
        and low not in _NOT_NAMES
        for low in (w.lower() for w in _CAPITALISED.findall(text))
    )


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate sentence with its score and what its evidence covers."""

    hit: SentenceHit
    score: float
    sentence_share: float  # the question's weight the sentence holds
    context_share: float  # ... that only its context holds
    names_held: bool  # every name of the question, in the sentence or its context
    missing_names: frozenset[int] = frozenset()  # concepts (names) its context lacks
    unpaired: bool = False  # holds a word whose partner its context lacks


def score_hit(
    hit: SentenceHit,
    concepts: Sequence[WeightedConcept],
    evidence: Evidence,
    *,
    answer_type: AnswerType | None,
    asked: Sequence[str],
    phrases: Sequence[tuple[str, ...]] = (),
    context: Sequence[str] = (),
    article: str = "",
    counted: str | None = None,
    joined: Sequence[tuple[str, str]] = (),
    partners: Mapping[int, frozenset[int]] | None = None,
) -> Scored:
    """Score one sentence against the question.

    ``context``: the article's first sentence and the sentences before this one in its
    paragraph; ``article``: the rest of the article, read only for names the sentence
    and its context lack. ``partners``: concepts that count only beside others (the
    words of a name the question types in lower case), by index.
    """
    total = sum(c.weight for c in concepts) or 1.0
    own = evidence.held(hit.text)
    around = evidence.held(" ".join((hit.title, *context))) - own
    alone: set[int] = set()
    if partners:
        # A word whose partner is nowhere near is another sense of it ("love" without
        # "island").
        near = own | around | (evidence.held(article) if article else frozenset())
        alone = {i for i in own | around if not partners.get(i, frozenset()) <= near}
        own, around = own - alone, around - alone
    names = {i for i, c in enumerate(concepts) if c.named or c.bound}
    far = (evidence.held(article) & names) - own - around if article else frozenset()
    sentence_share = sum(concepts[i].weight for i in own) / total
    context_share = sum(concepts[i].weight for i in around) / total
    far_share = sum(concepts[i].weight for i in far) / total
    missing = frozenset(names - own - around - far)
    where = " ".join((hit.text, hit.title, *context, article)) if joined else ""
    apart = any(not side_by_side(where, pair) for pair in joined)
    score = sentence_share + CONTEXT_WEIGHT * context_share + ARTICLE_WEIGHT * far_share
    if context and (opening_reference(hit.text) is not None or _DESCRIBED.match(hit.text)):
        # What the sentences just before (and the first) name is what "It" stands for;
        # the title is no sentence a pronoun points back to.
        near = evidence.held(" ".join(context)) & around
        extra = LEANING_CONTEXT_WEIGHT - CONTEXT_WEIGHT
        score += extra * sum(concepts[i].weight for i in near) / total
    if answer_type is not None:
        # "How much" answered without an amount answers nothing.
        strength = answer_strength(hit.text, answer_type, asked, counted)
        score += TYPE_WEIGHT * (2 * strength - 1)
    lowered = " ".join(_TOKEN.findall(hit.text.lower()))
    score += PHRASE_WEIGHT * sum(1 for p in phrases if f" {' '.join(p)} " in f" {lowered} ")
    length = len(lowered.split())
    score -= LENGTH_COST * max(0, length - LONG_SENTENCE)
    return Scored(
        hit,
        round(score, 6),
        sentence_share,
        context_share + far_share,
        not missing and not apart,
        missing,
        bool(alone),
    )


def answers_question(best: Scored) -> bool:
    """Whether the best sentence covers the question's key content: all its names, and
    most of its weight."""
    return best.names_held and best.sentence_share + best.context_share >= MIN_EVIDENCE


class Topic:
    """What a speaker question is about ("about the budget"), for the person's statements.

    A statement is on the topic when the topic's names and most of its weight are in the
    statement, around it (title, first sentence, sentences before it) or elsewhere in its
    article; the more of it the statement itself holds, the higher it ranks.
    """

    # Share of the topic's weight a statement's article must hold, with every name.
    enough = MIN_EVIDENCE

    def __init__(self, concepts: Sequence[WeightedConcept]) -> None:
        self.concepts = list(concepts)
        self._evidence = Evidence(self.concepts)
        self._total = sum(c.weight for c in self.concepts) or 1.0

    def share(
        self, run: Sequence[SentenceHit], context: Sequence[str] = (), article: str = ""
    ) -> tuple[float, float]:
        """(rank score, share held anywhere); the second is 0 when a name is missing."""
        if not self.concepts or not run:
            return 0.0, 0.0
        own = self._evidence.held(" ".join(h.text for h in run))
        around = self._evidence.held(" ".join((run[0].title, *context))) - own
        far = self._evidence.held(article) - own - around if article else frozenset()
        weight = self.concepts
        score = sum(weight[i].weight for i in own)
        score += CONTEXT_WEIGHT * sum(weight[i].weight for i in around)
        score += ARTICLE_WEIGHT * sum(weight[i].weight for i in far)
        anywhere = own | around | far
        if any(c.named and i not in anywhere for i, c in enumerate(weight)):
            return score / self._total, 0.0
        return score / self._total, sum(weight[i].weight for i in anywhere) / self._total

    def share_of(self, person: object) -> float:
        """The best share among a person's statements found so far."""
        hits: Sequence[SentenceHit] = getattr(person, "hits", ())
        return max((self.share([h])[0] for h in hits), default=0.0)


def order_key(scored: Scored) -> tuple[float, int, int, int]:
    """Best first; among equals the newest article, then the earlier sentence."""
    hit = scored.hit
    return (-scored.score, -hit.day.toordinal(), -hit.article_id, hit.position)


def keyword_items(ranked: Sequence[Scored], *, limit: int) -> list[AnswerItem]:
    """The first ``limit`` distinct sentences (a story filed twice is shown once)."""
    items: list[AnswerItem] = []
    seen: set[str] = set()
    for scored in ranked:
        if len(items) >= limit:
            break
        key = " ".join(_TOKEN.findall(scored.hit.text.lower()))
        if key not in seen:
            seen.add(key)
            items.append(item_of([scored.hit], scored.score))
    return items
