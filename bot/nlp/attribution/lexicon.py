"""The words attribution reasons with.

Open word classes that grow with the news (reporting verbs, titles, groups, bodies,
honorifics, nations) are data files in ``words/``, one list a file; the closed
grammatical classes that the parsing rules depend on stay here in code.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


@cache
def _lines(name: str) -> tuple[str, ...]:
    """The non-comment lines of ``words/<name>.txt``."""
    text = (files(__package__) / "words" / f"{name}.txt").read_text("utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


def load_words(name: str) -> frozenset[str]:
    """A word list from ``words/<name>.txt``: whitespace-separated, ``#`` starts a comment."""
    return word_set(" ".join(_lines(name)))


STRONG_VERBS = load_words("speech_verbs")
ASK_VERBS = load_words("ask_verbs")
TRAIL_VERBS = load_words("trail_verbs")
# Verbs that report speech with a particle after them, as "continued" does: "Sanders shot
# back, “...”", "Trump went on: ...".
PARTICLE_VERBS = {
    "back": word_set("shot fired hit pushed snapped struck lashed"),
    "on": word_set("went goes"),
}
# Beliefs, intentions and judgements: credited to a subject right before them.
STANCE_VERBS = load_words("stance_verbs")
VERBS = STRONG_VERBS | load_words("cue_verbs") | ASK_VERBS | TRAIL_VERBS | STANCE_VERBS
INVERTIBLE = load_words("invertible_verbs")
SPEECH_NOUNS = load_words("speech_nouns")
STANCE_PARTICIPLES = load_words("stance_participles")
PARTICIPLES = load_words("participles") | STANCE_PARTICIPLES

# "-ing" forms of the verbs ("promised" -> "promising"), for "Smith is promising ...".
PROGRESSIVE_FORMS = frozenset(
    form
    for verb in VERBS
    for form in (
        verb[:-2] + "ing" if verb.endswith("ed") else "",
        verb[:-1] + "ing" if verb.endswith("s") else "",
        verb[:-2] + "ing" if verb.endswith("es") else "",
    )
    if form
)
# Whitespace-split forms, for a cheap test of whether a sentence needs parsing.
VERB_FORMS = frozenset(
    verb + tail
    for verb in (
        *VERBS,
        *PROGRESSIVE_FORMS,
        *SPEECH_NOUNS,
        *(v.capitalize() for v in VERBS - STANCE_VERBS),  # 'Said Jo Li, “...”'
        "according",
        "According",
        "put",
        "puts",
        "back",  # "shot back"
        "on",  # "went on"
        "on,",
        "on:",
    )
    for tail in ("", ",", ".", ":", ";", "”", '"', "—", "\ue000", ")", ".)", "?", "!")
)

PRONOUNS = word_set("he she they it")
ALL_PRONOUNS = PRONOUNS | word_set("we i you")
DETS = word_set(
    "the a an his her its their our this these those one two three four five several "
    "some many other another both each most few"
)


def _honorifics() -> tuple[dict[str, str | None], dict[str, str | None]]:
    drop: dict[str, str | None] = {}
    keep: dict[str, str | None] = {}
    for line in _lines("honorifics"):
        word, gender, stays = line.split()
        (keep if stays == "keep" else drop)[word] = None if gender == "-" else gender
    return drop, keep


# Honorifics and the gender they give: "Mr" is dropped from a name, "Sir" stays in it.
HON_DROP, HON_KEEP = _honorifics()
TITLES = load_words("titles")
TITLE_SURNAMES = load_words("title_surnames")
DESCRIPTORS = load_words("descriptors")
NOT_ROLE_NOUNS = load_words("not_role_nouns")
CLAUSE_VERBS = load_words("clause_verbs")
AGE_RE = re.compile(r"\d+-year-old")
ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)")
GROUPS = load_words("groups")
PARTIES = load_words("parties")
OPENERS = load_words("openers")
ORG_WORDS = load_words("organisations")
NOT_SOURCES = load_words("not_sources")
CONNECTORS = word_set("of for at in from")
PARTICLES = load_words("particles")
WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_TIME_WORDS = (
    WEEKDAYS
    | MONTHS
    | word_set("today yesterday tonight week month year morning afternoon evening night weekend")
)
ADV_SKIP = word_set(
    """
    also later earlier has had have previously again separately repeatedly reportedly
    publicly privately recently then himself herself itself themselves further once
    subsequently initially first last simply just already quickly briefly bluntly flatly
    firmly openly frankly angrily clearly emphatically did quietly today yesterday
    tonight now since often always however meanwhile though too instead nevertheless
    """
)
BOUNDARY_WORDS = (
    word_set(
        """
        and but yet so however meanwhile then now still instead later earlier separately
        previously moreover furthermore indeed again also today yesterday tonight
        """
    )
    | _TIME_WORDS
)
NP_BREAK = (VERBS - STANCE_VERBS) | word_set(
    """
    and but or nor yet so however while whereas when as after before because although
    though if since until unless that which who whom whose where what why how than is was
    were are be been being am has have had will would could should may might must can
    shall do does did not never no to by with on about over under into onto through
    against without between during per via like there here only even still saying
    speaking adding meanwhile neither either also just
    """
)
NP_STOP = word_set(
    """
    who everyone everybody nobody someone somebody anyone anybody something nothing
    everything all none this that these those there here what which it's whoever
    """
)
ABBREVS = word_set("mr mrs ms dr prof sen rep gov gen col lt capt sgt adm rev st jr sr maj")
PLACE_ABBREVS = load_words("place_abbreviations")
# What may follow a surname: "Martin Luther King Jr.", "Joseph Kennedy III".
NAME_SUFFIXES = word_set("jr sr ii iii iv")
ED_ING_OK = word_set(
    """
    united limited unnamed retired elected appointed designated disgraced embattled jailed
    detained listed related acting managing leading ruling governing reigning outgoing
    incoming visiting striking founding presiding serving sitting
    """
)
RIGHT_STOP = word_set(
    "at in on during after before when while as who which adding according from to that "
    "and but because told said"
)
ASK_TAIL = word_set("whether if why how what when where who")
FINITE = word_set(
    "was were is are would will could had has have should must can may might do does"
) | frozenset(
    neg + apostrophe + "t"
    for neg in (
        "don",
        "doesn",
        "didn",
        "won",
        "can",
        "isn",
        "wasn",
        "aren",
        "weren",
        "wouldn",
        "couldn",
        "shouldn",
        "hasn",
        "haven",
        "hadn",
    )
    for apostrophe in ("'", "’")
)

NATION_ALIASES: dict[str, set[str]] = {}
for _line in _lines("nations"):
    _country, _demonym = _line.split()
    NATION_ALIASES.setdefault(_country, set()).add(_demonym)
    NATION_ALIASES.setdefault(_demonym, set()).add(_country)

DEMONYMS = frozenset(line.split()[1] for line in _lines("nations"))
# Who a person is, written instead of their name: "the American", "the Liverpool player".
DESCRIBED_PEOPLE = load_words("described_people") | DEMONYMS

STOPWORDS = (
    NP_BREAK
    | NP_STOP
    | DETS
    | ALL_PRONOUNS
    | CONNECTORS
    | _TIME_WORDS
    | word_set(
        """
        a an the of in on at for from by to up down out off new more most less least very
        much many earlier later it its his her their our my your me him them us also then
        than too there here said says new old last next this that other such own same
        """
    )
)
