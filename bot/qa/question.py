"""Reading a question: who it asks about, which words to search for, and when/where.

Two kinds of question are told apart with a few sentence patterns, because people
ask about speakers in a handful of fixed ways ("what did X say", "X's comments",
"quotes from X"); everything else is a keyword question.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from bot.qa.records import Scope

QuestionKind = Literal["speaker", "keyword"]
# What kind of fact a question wants: "how much" a number ("how much did it shrink" a
# change, "how long" a span of time), "when" a date, "who" a name ("who won" a winner).
# "What share" a part of a whole (a percentage, a fraction).
AnswerType = Literal["money", "quantity", "change", "share", "duration", "date", "person", "winner"]

# Enough for any real question; longer input is cut so parsing stays linear and cheap.
MAX_QUESTION_CHARS = 1000
MAX_TERMS = 32
MAX_SPEAKER_WORDS = 8


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _word_set(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either
    else ever every few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just let me more most my myself neither no
    nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those
    through to too under until up upon us very was we were what when where which while who whom
    whose why will with within without would yet you your yours yourself yourselves
    """
)
# Words that shape a question but say nothing about its subject.
QUESTION_WORDS = _word_set(
    """
    anything ask asked describe detail details explain find happen happened happening happens
    info information know latest list lookup mention mentioned mentions news please search show
    said say saying says something story stories tell thing things told whats what's
    """
)

# Words of office and address: they describe a speaker's role, not their name.
TITLE_WORDS = _word_set(
    """
    admiral adviser advisor affairs ambassador analyst attorney bishop boss candidate captain
    cardinal ceo cfo chair chairman chairperson chairwoman champion chancellor chief coach
    colonel commander commissioner congressman congresswoman coo councillor counsel defence
    defense democrat democratic deputy director diplomat economist editor education emperor
    energy envoy executive finance first foreign founder general governor head health home
    interior judge justice king labour leader lieutenant manager mayor minister mp mep officer
    official officials opposition party player pope premier president prime prince princess
    professor prosecutor queen regulator representative republican rep secretary sen senator
    sergeant shadow sheriff speaker spokesman spokesperson spokeswoman state tory trade
    treasury vice
    bassist drummer frontman frontwoman guitarist host presenter singer vocalist
    defender goalkeeper keeper midfielder skipper striker winger
    """
)
HONORIFICS = _word_set("mr mrs ms miss dr sir dame lord lady baroness prof the a an")
# Honorifics that tell a person's sex: "what did Ms Hewitt say" is not about her brother.
GENDER_OF_HONORIFIC = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f",
    "lord": "m", "lady": "f", "baroness": "f",
}  # fmt: skip
# Words that start a place or body qualifying a role ("head of EA in Europe"): a name
# never starts with one.
_ROLE_PREPOSITIONS = _word_set("in at for from of")
# Heads of a "what did X say" phrase that name a document rather than a person.
_DOCUMENT_WORDS = _word_set(
    """
    article book data figures film law letter paper poll report research review song statement
    story study survey text
    """
)
_PRONOUNS = _word_set(
    """
    i you he she it we they someone anyone everyone everybody people this that
    """
)

_SPEECH_VERB = (
    r"(?:say|said|saying|says|tell|told|telling|think|thinks|thought|comment|commented|claim"
    r"|claimed|announce|announced|reply|replied|respond|responded|argue|argued"
    r"|warn|warned|add|added|suggest|suggested|promise|promised|write|wrote|talk"
    r"|talked|speak|spoke)"
)
_TOPIC = r"(?:\s+(?:about|on|regarding|concerning|over|of|to|at|in|for)\b(?P<topic>.*))?"
_QUOTE_NOUN = r"(?:quotes?|quotations?|comments?|remarks?|statements?|words|views|reaction)"
_SPEAKER_PATTERNS = [
    re.compile(
        r"^(?:and\s+|so\s+)?what\s+(?:did|does|do|has|have|had|is|was|were|are|will)\s+"
        rf"(?P<who>.+?)\s+{_SPEECH_VERB}\b(?P<rest>.*)$",
        re.IGNORECASE,
    ),
    re.compile(rf"^what\s+(?P<who>.+?)\s+{_SPEECH_VERB}\b(?P<rest>.*)$", re.IGNORECASE),
    re.compile(
        r"^(?:did|has|have|does)\s+(?P<who>.+?)\s+(?:say|said|comment|commented|speak|spoke"
        r"|talk|talked)\b(?:\s+anything)?(?P<rest>.*)$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:show\s+(?:me\s+)?|any\s+|the\s+)?{_QUOTE_NOUN}\s+(?:from|by|of)\s+(?P<who>.+?)"
        rf"(?:\s+(?:about|on|regarding|concerning|over)\b(?P<rest>.*))?$",
        re.IGNORECASE,
    ),
    re.compile(rf"^what\s+was\s+said\s+by\s+(?P<who>.+?){_TOPIC}$", re.IGNORECASE),
    re.compile(
        rf"^(?P<who>.+?)(?:'s|')?\s+{_QUOTE_NOUN}"
        r"(?:\s+(?:about|on|regarding|concerning|over)\b(?P<rest>.*))?$",
        re.IGNORECASE,
    ),
]
_REST_TOPIC = re.compile(
    r"^\s*(?:anything\s+)?(?:about|on|regarding|concerning|over|of|to|at|in|for|after|when)?"
    r"\b(?P<topic>.*)$",
    re.IGNORECASE | re.DOTALL,
)

# Days and months are written with a capital but name no subject ("on Saturday").
_CALENDAR_WORDS = frozenset(
    [n.lower() for n in (*calendar.day_name, *calendar.month_name) if n and n != "May"]
)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_ON = r"(?:\b(?:on|from|of)\s+)?"
_DATE_PATTERNS = [
    re.compile(_ON + r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(_ON + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + r"\b", re.IGNORECASE),
    re.compile(_ON + r"\b" + _MONTH + r"\s+" + _DAY + _YEAR + r"\b", re.IGNORECASE),
]
_RELATIVE = re.compile(
    r"\b(?:(?P<today>today|tonight)|(?P<yesterday>yesterday)"
    r"|(?:in\s+|during\s+)?(?P<which>this|last|past|previous)\s+(?P<unit>week|month)"
    r"|(?:in\s+)?(?:the\s+)?(?:last|past)\s+(?P<days>\d{1,3})\s+days)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# A keyword may also be joined by "&": "M&S", "B&B" are one name each.
_KEYWORD = re.compile(r"[^\W_]+(?:['’.\-&][^\W_]+)*")
# "how much", "how many", "how long": the second word shapes the question, not its subject.
_HOW = re.compile(
    r"\bhow\s+(?P<word>much|many|long|big|far|old|often|high|large|tall|fast|heavy|deep|"
    r"wide|expensive|tall|soon)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:when|what\s+(?:date|day|year|month|time)|which\s+(?:date|day|"
    r"year|month))\b|\bwhen\s+(?:is|was|are|were|will|did|does|do|has|had)\b",
    re.IGNORECASE,
)
_WHO = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:who|whom|whose|which\s+(?:[a-z]+\s+)?(?:person|people|man|"
    r"woman|player|players|firm|firms|company|companies|team|teams|club|clubs|country|"
    r"countries|band|bands|film|films|group|groups))\b",
    re.IGNORECASE,
)
# "Why", "where", "how did": a reason, a place or a manner, whatever the nouns after it.
_REASON_OR_PLACE = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:why|where|how\s+(?:did|does|do|is|was|are|were|will|can|"
    r"could|has|have))\b",
    re.IGNORECASE,
)
# "what share of ...", "which price": the word after "what" or "which" names the fact.
_WHAT_NOUN = re.compile(r"^\s*(?:and\s+|so\s+)?(?:what|which)\s+(?P<noun>[^\W\d_]+)", re.I)
# "Who won ...", "who was the winner": a name beside a word of winning.
_WHO_WON = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:who|which\s+\w+)\s+(?:(?:has|have|had|will|did)\s+)?"
    r"(?:won|win|wins|winning|(?:took|take|takes)(?!\s+(?:over|on|up|part)\b)|clinched|scooped|"
    r"triumphed|(?:is|was|were|are)\s+(?:the\s+)?(?:winners?|champions?))\b",
    re.IGNORECASE,
)
# "How much did the economy shrink": the answer is a change (a percentage, an amount).
_CHANGE_WORDS = _word_set(
    """
    shrink shrank shrunk grow grew grown rise rose risen fall fell fallen drop dropped
    increase increased decrease decreased climb climbed jump jumped slump slumped slide slid
    gain gained contract contracted expand expanded decline declined go went up down
    cut cuts slash slashed reduce reduced lower lowered
    """
)
# Words that ask for a sum of money ("how much did it cost", "price of the service") or
# for an amount of something ("software piracy rate").
_MONEY_WORDS = _word_set(
    """
    price prices priced cost costs costing pay paid paying fine fines fined fee fees
    salary salaries worth value valued bill budget spend spent spending earn earned
    earnings profit profits revenue revenues sales sold buy bought charge charged fund
    funding loan debt debts damages compensation bid offer deal wages wage tax taxes sum
    take took takings gross grossed raise raised
    """
)
_QUANTITY_NOUNS = _word_set(
    """
    rate rates amount total number figure figures many much
    """
)
# Words that ask for a part of a whole: "what share of the market", "Shell's stake".
_SHARE_NOUNS = _word_set("share stake percentage proportion percent")
# "how much is a ticket", "how much was the fine": a price, whatever the thing is.
_HOW_MUCH_IS = re.compile(r"\bhow\s+much\s+(?:is|are|was|were|will\s+be|would\s+be)\b", re.I)
# The thing "how many" counts: the last of the words after it ("how many hybrid cars").
_HOW_MANY = re.compile(r"\bhow\s+many\s+(?P<words>(?:[^\W_][\w'’-]*\s*)+)", re.IGNORECASE)
# "in the us" is the country, not the pronoun: a question typed in lower case says so by
# the article before it.
_COUNTRY_US = re.compile(r"\b(?P<before>the)\s+us\b", re.IGNORECASE)
# Short names that read as stop words in lower case, kept when written in capitals.
_CAPITAL_NAMES = frozenset({"US", "IT", "WHO"})
# Words that may sit inside a name written with capitals: "Game of Thrones", "Bank of England".
_NAME_GLUE = frozenset({"of", "the", "de", "and", "&", "for", "on", "upon", "du", "la", "van"})


@dataclass(frozen=True, slots=True)
class SpeakerQuery:
    """A person as the question names them, split into name and role words."""

    phrase: str  # as asked, e.g. "Russian President Vladimir Putin"
    name: tuple[str, ...] = ()  # ("vladimir", "putin")
    role: tuple[str, ...] = ()  # ("russian", "president")
    gender: str | None = None  # "m" or "f" when an honorific says so ("Ms Hewitt")

    @property
    def words(self) -> tuple[str, ...]:
        return self.role + self.name

    @property
    def surname(self) -> str | None:
        return self.name[-1] if self.name else None


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    kind: QuestionKind
    speaker: SpeakerQuery | None = None
    keywords: tuple[str, ...] = ()  # search words, or what a speaker question is about
    scope: Scope = field(default_factory=Scope)
    names: frozenset[str] = frozenset()  # keywords written with a capital: likely the subject
    answer_type: AnswerType | None = None
    # Names of several words as written ("Northern Rock", "Windows 11"), as index tokens.
    phrases: tuple[tuple[str, ...], ...] = ()
    counted: str | None = None  # what "how many" counts: "planes" of "how many planes"


def parse_question(text: str, *, today: date, sections: Iterable[str] = ()) -> Question:
    """Any text becomes a Question; nothing here raises on odd input."""
    original = text
    text = _normalise(text)[:MAX_QUESTION_CHARS]
    text, scope = _extract_scope(text, today=today, sections=sections)
    body = text.strip(" \t?!.;:,")
    answer_type = _answer_type(body)
    speaker, topic = _match_speaker(body)
    if speaker is not None:
        return Question(
            original,
            "speaker",
            speaker,
            keywords_of(_without_how(topic)),
            scope,
            _names(topic, opens=False),
            None,
            name_phrases(topic),
        )
    body = _COUNTRY_US.sub(r"\g<before> US", body)
    return Question(
        original,
        "keyword",
        None,
        keywords_of(_without_how(body)),
        scope,
        _names(body),
        answer_type,
        name_phrases(body),
        counted_noun(body),
    )


def counted_noun(body: str) -> str | None:
    """What a "how many" question counts: the last word of the run after "many", up to a
    word that says nothing of the thing ("how many hybrid cars will be sold": "cars")."""
    match = _HOW_MANY.search(body)
    if match is None:
        return None
    counted = None
    for word in match.group("words").split():
        low = _strip_possessive(word.lower())
        if low in STOP_WORDS or low in QUESTION_WORDS:
            break
        counted = low
    return counted


def _answer_type(body: str) -> AnswerType | None:
    words = set(keywords_of(body))
    how = _HOW.search(body)
    if how:
        word = how.group("word").lower()
        if word == "long":
            return "duration"
        if word == "soon":
            return "date"
        # "How much has M&S cut its prices": a change, in a percentage or a sum.
        if word == "much" and set(body.lower().split()) & _CHANGE_WORDS:
            return "change"
        if word in ("much", "expensive") and words & _MONEY_WORDS:
            return "money"
        if word == "much" and _HOW_MUCH_IS.search(body):
            return "money"
        if word == "much" and words & _SHARE_NOUNS:
            return "share"
        return "quantity"
    if _WHEN.search(body):
        return "date"
    if _WHO_WON.search(body):
        return "winner"
    if _WHO.search(body):
        return "person"
    if _REASON_OR_PLACE.search(body):
        # "why did oil prices fall": a reason is asked, not the price.
        return None
    what = _WHAT_NOUN.search(body)
    noun = what.group("noun").lower() if what else ""
    if noun in _MONEY_WORDS | _SHARE_NOUNS | _QUANTITY_NOUNS:
        # "what share of flat panel screens sold": the noun after "what" is the fact asked.
        words = {noun}
    if words & _MONEY_WORDS:
        return "money"
    if words & _SHARE_NOUNS:
        return "share"
    if words & _QUANTITY_NOUNS:
        return "quantity"
    return None


def _without_how(text: str) -> str:
    """ "how much did X pay" searches for X and pay, not for "much"."""
    return _HOW.sub(" ", text)


def name_phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """Runs of capitalised words (with the small words names hold, and a number that ends
    a name: "Windows 11"), as index tokens; a question's opening word only when the next
    one is capitalised too."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    glue: list[str] = []

    def close() -> None:
        tokens = tuple(t for word in run for t in re.findall(r"[^\W_]+", word.lower()))
        if len(run) >= 2 and tokens not in found:
            found.append(tokens)
        run.clear()
        glue.clear()

    text = text[:MAX_QUESTION_CHARS]
    words = list(_WORD.finditer(text))

    def capitalised(index: int) -> bool:
        word = words[index].group()
        low = word.lower()
        return word[0].isupper() and low not in STOP_WORDS and low not in QUESTION_WORDS

    for index, match in enumerate(words):
        word = match.group()
        capital = capitalised(index)
        if index == 0 and capital and len(words) > 1:
            # A question's first word is capitalised anyway: it starts a name only if the
            # name goes on ("Northern Rock", "Windows 11", "Game of Thrones").
            following = words[1].group()
            glued = following.lower() in _NAME_GLUE and len(words) > 2 and capitalised(2)
            capital = capitalised(1) or following[0].isdigit() or glued
        if capital:
            run.extend(glue)
            glue.clear()
            run.append(word)
        elif run and word[0].isdigit() and not glue:
            run.append(word)
            # "Fahrenheit 9/11": numbers joined by a mark go on; a space ends the name.
            nxt = words[index + 1] if index + 1 < len(words) else None
            if nxt is None or text[match.end() : nxt.start()].isspace():
                close()
        elif run and word.lower() in _NAME_GLUE and not glue:
            glue.append(word)
        else:
            close()
    close()
    return tuple(found)


def _names(text: str, *, opens: bool = True) -> frozenset[str]:
    """Words written with a capital that are not there only because they open the
    question ("Average house price" names no "Average"; "Northern Rock" names both)."""
    words = [m.group() for m in _KEYWORD.finditer(text[:MAX_QUESTION_CHARS])]
    found = set()
    for index, word in enumerate(words):
        if opens and index == 0 and not _opens_name(text):
            continue
        # Only the capitalised parts of a joined word: "TV-on-demand" names "TV".
        for part in re.split(r"[-'’.]", _strip_possessive(word)):
            low = part.lower()
            ignored = low in STOP_WORDS or low in QUESTION_WORDS or low in _CALENDAR_WORDS
            if part[:1].isupper() and not ignored:
                found.add(low)
    return frozenset(found)


def _opens_name(text: str) -> bool:
    """Whether a text's first word begins a name of several words ("Northern Rock")."""
    first = _WORD.match(text.lstrip())
    if first is None:
        return False
    lowered = first.group().lower()
    return any(phrase[0] == lowered for phrase in name_phrases(text))


def keywords_of(text: str) -> tuple[str, ...]:
    """Distinct content words, lower-cased, in order, capped so huge input stays cheap."""
    found: list[str] = []
    seen: set[str] = set()
    for match in _KEYWORD.finditer(text[: MAX_QUESTION_CHARS * 10]):
        word = _strip_possessive(match.group().lower().replace("’", "'"))
        stop = word in STOP_WORDS and match.group() not in _CAPITAL_NAMES
        if not word or stop or word in QUESTION_WORDS or word in seen:
            continue
        seen.add(word)
        found.append(word)
        if len(found) == MAX_TERMS:
            break
    return tuple(found)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _strip_possessive(word: str) -> str:
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


def _match_speaker(body: str) -> tuple[SpeakerQuery | None, str]:
    for pattern in _SPEAKER_PATTERNS:
        match = pattern.match(body)
        if not match:
            continue
        speaker = speaker_query(match.group("who"))
        if speaker is None:
            continue
        rest = match.groupdict().get("rest") or match.groupdict().get("topic") or ""
        topic = _REST_TOPIC.match(rest)
        return speaker, topic.group("topic") if topic else rest
    return None, ""


def speaker_query(phrase: str) -> SpeakerQuery | None:
    """Split "Russian President Vladimir Putin" into role and name words; None if no person."""
    phrase = phrase.strip(" ,")
    tokens = [_strip_possessive(m.group().lower()) for m in _WORD.finditer(phrase)]
    tokens = [t.rstrip(".") for t in tokens if t]
    if not tokens or len(tokens) > MAX_SPEAKER_WORDS:
        return None
    if tokens[0] in _PRONOUNS or tokens[-1] in _DOCUMENT_WORDS:
        return None
    # "Lord" before a title is part of the office: the lord chancellor is no chancellor.
    office = {i for i, t in enumerate(tokens[:-1]) if t == "lord" and tokens[i + 1] in TITLE_WORDS}
    words = [t for i, t in enumerate(tokens) if t not in HONORIFICS or i in office]
    gender = next(
        (
            GENDER_OF_HONORIFIC[t]
            for i, t in enumerate(tokens)
            if t in GENDER_OF_HONORIFIC and i not in office
        ),
        None,
    )
    if not words:
        return None
    # Everything up to the last title word (and what an "of" after a title binds:
    # "minister of Azerbaijan") is role; the run after it is the name.
    last_role = -1
    after_title_of = False
    for index, word in enumerate(words):
        if word in TITLE_WORDS or after_title_of:
            last_role = index
            after_title_of = False
        elif word == "of" and last_role == index - 1:
            after_title_of = True
    if last_role >= 0 and last_role + 1 < len(words) and words[last_role + 1] in _ROLE_PREPOSITIONS:
        last_role = len(words) - 1
    role = tuple(w for w in words[: last_role + 1] if w not in STOP_WORDS)
    name = tuple(w for w in words[last_role + 1 :] if w not in STOP_WORDS)
    if not role and not name:
        return None
    return SpeakerQuery(phrase.removeprefix("the ").removeprefix("The "), name, role, gender)


def _extract_scope(text: str, *, today: date, sections: Iterable[str]) -> tuple[str, Scope]:
    start: date | None = None
    end: date | None = None
    label: str | None = None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        day = _date_of(match, today)
        if day is None:
            continue
        start = end = day
        label = day.isoformat()
        text = text[: match.start()] + " " + text[match.end() :]
        break
    if start is None:
        match = _RELATIVE.search(text)
        if match:
            start, end = _relative_range(match, today)
            label = match.group().strip().lower()
            text = text[: match.start()] + " " + text[match.end() :]
    section, text = _extract_section(text, sections)
    if section:
        label = f"{label}, in {section}" if label else f"in {section}"
    return text, Scope(start, end, section, label)


def _date_of(match: re.Match[str], today: date) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    year_text = match.group("year")
    try:
        if year_text:
            return date(int(year_text), month or 0, int(match.group("day")))
        day = date(today.year, month or 0, int(match.group("day")))
        # A date without a year means the latest one that is not in the future.
        return day if day <= today else day.replace(year=today.year - 1)
    except ValueError:
        return None


def _relative_range(match: re.Match[str], today: date) -> tuple[date, date]:
    if match.group("today"):
        return today, today
    if match.group("yesterday"):
        return today - timedelta(days=1), today - timedelta(days=1)
    if match.group("days"):
        days = max(1, min(int(match.group("days")), 3650))
        return today - timedelta(days=days - 1), today
    which = match.group("which").lower()
    if match.group("unit").lower() == "week":
        monday = today - timedelta(days=today.weekday())
        if which == "this":
            return monday, today
        if which == "past":
            return today - timedelta(days=6), today
        return monday - timedelta(days=7), monday - timedelta(days=1)
    first = today.replace(day=1)
    if which == "this":
        return first, today
    if which == "past":
        return today - timedelta(days=29), today
    previous_end = first - timedelta(days=1)
    return previous_end.replace(day=1), previous_end


def _extract_section(text: str, sections: Iterable[str]) -> tuple[str | None, str]:
    names = sorted({s.strip() for s in sections if s and s.strip()}, key=len, reverse=True)
    for name in names:
        spelled = re.escape(name).replace(r"\ ", r"\s+")
        pattern = re.compile(
            rf"\bin\s+(?:the\s+)?{spelled}s?(?:\s+(?:section|news|pages?))?(?!\w)", re.IGNORECASE
        )
        match = pattern.search(text)
        if not match and name.lower().endswith("s") and len(name) > 3:
            singular = re.escape(name[:-1]).replace(r"\ ", r"\s+")
            match = re.search(rf"\bin\s+(?:the\s+)?{singular}(?!\w)", text, re.IGNORECASE)
        if match:
            return name, text[: match.start()] + " " + text[match.end() :]
    return None, text
