"""Who says what: a speaker for each sentence of a news article.

Run once at ingest so that questions such as "what did Putin say?" can be
answered from stored attributions instead of re-reading every article.

The pass is rule-based and linear. It recognises the common news patterns
around reporting verbs ("said", "told", "warned", "according to", ...):

* direct speech: ``"Q," S said.`` / ``"Q," said S.`` / ``S said: "Q"`` / ``S: "Q"``
* reported speech: ``S said (that) ...`` / ``S says ...`` / ``..., S said.`` /
  ``according to S, ...`` / ``..., according to S.``
* quotes running over several sentences or paragraphs, credited to the
  speaker named at their start or end, or to the speaker of the sentence
  just before an unattributed quote;
* pronoun follow-ups ("He said ...", "she added", "they warned", "it said"),
  credited to the latest fitting speaker or sentence subject in the same or
  the previous paragraph. A subject counts when the sentence opens with it,
  behind titles or descriptors ("Wenger's Bayern counterpart Felix Magath"),
  an honorific, an appositive ("His party leader, Michael Howard,") or a
  relative clause; a person named elsewhere in the sentence does not;
* speech hung on the subject by a participle (``S left, adding: "Q"``) or a
  reporting verb followed by a clause without "that" ("S argued a change was
  needed");
* titles speaking without a name: "..., the Trade and Industry Secretary has
  said." is given to the next person named if nobody came before, and "the
  minister" to the one person in view whose known post fits.

Names are resolved across the article: "Russian President Vladimir Putin"
introduces "Vladimir Putin" with role "Russian President", and a later "Putin
said" or "Mr Putin said" maps to the same speaker. Non-person sources are kept
as written ("the British Chamber of Commerce", "officials", "the report").

Modes: ``direct`` when the sentence holds a quotation tagged by its own
reporting verb (even "he said"), ``reported`` for indirect speech naming the
speaker, ``continued`` when the speaker is inferred from elsewhere (a pronoun
in indirect speech, or a quote carried over from another sentence).

Deliberate choices, to stay precise rather than eager:

* "according to <source>" accepts documents and bodies ("the report",
  "a survey") but not rules or plans ("according to the plan").
* "he"/"she" bind to the latest person speaker (or person subject) of the same
  or previous paragraph whose known gender (from Mr/Mrs/Ms) does not clash;
  with no such speaker the sentence gets ``None``.
* Titles of people speaking for someone else ("the rapper's spokesman") are
  never merged with a named person.
* Joint subjects ("Aliyev and Pashinyan said") and speech verbs inside
  relative or subordinate clauses ("the plan, which Putin said ...") give
  ``None``.
* Lower-cased text (no capitals to spot names) relies on verb patterns,
  honorifics and title words only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CONTINUED",
    "DIRECT",
    "REPORTED",
    "Attribution",
    "attribute_speakers",
    "speaker_keys",
    "speaker_search_text",
]

DIRECT = "direct"
REPORTED = "reported"
CONTINUED = "continued"


@dataclass(frozen=True, slots=True)
class Attribution:
    """The speaker of one sentence, as the search layer stores it."""

    name: str
    role: str | None
    mode: str


# --------------------------------------------------------------------------- lexicon


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that report speech on their own ("X said the talks ...").
_STRONG_VERBS = _words("said says say told tells tell")
# Verbs that need a "that"/quote/colon after them, or must trail the sentence
# (", he warned."), so "X claimed the title" is not taken for speech.
_NORMAL_VERBS = _words(
    """
    added adds stressed stresses noted warned warns argued argues insisted insists
    explained explains announced announces declared declares claimed wrote writes
    replied replies responded responds answered acknowledged acknowledges admitted admits
    confirmed confirms denied denies suggested suggests emphasised emphasized emphasises
    emphasizes conceded concedes maintained maintains asserted asserts predicted predicts
    revealed reveals disclosed discloses promised pledged vowed complained complains
    recalled recalls stated reported observed remarked commented tweeted cautioned
    cautions alleged alleges reiterated reiterates contended contends countered
    underlined underscored assured informed estimated pointed agreed
    """
)
_ASK_VERBS = _words("asked asks")
# Only after a quotation: "“Well,” he joked."
_TRAIL_VERBS = _words("continued laughed joked quipped shouted exclaimed sighed smiled")
_VERBS = _STRONG_VERBS | _NORMAL_VERBS | _ASK_VERBS | _TRAIL_VERBS
_INVERTIBLE = _words("said says added asked replied continued wrote told")
# Participles that report speech for the subject of their clause: "X left, adding: ...".
_PARTICIPLES = _words("adding saying insisting arguing warning explaining claiming stressing")

# Whitespace-split forms, for a cheap test of whether a sentence needs parsing.
_VERB_FORMS = frozenset(
    verb + tail
    for verb in (*_VERBS, "according", "According")
    for tail in ("", ",", ".", ":", ";", "”", '"', "—", "\ue000")
)

_PRONOUNS = _words("he she they it")
_ALL_PRONOUNS = _PRONOUNS | _words("we i you")
_DETS = _words(
    "the a an his her its their our this these those one two three four five several "
    "some many other another both each most few"
)
_HON_DROP = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "dr": None, "prof": None}
_HON_KEEP = {"sir": "m", "lord": "m", "lady": "f", "dame": "f", "baroness": "f", "baron": "m"}
_TITLES = _words(
    """
    president vice prime minister secretary chancellor senator sen rep representative
    congressman congresswoman governor gov mayor premier leader chairman chairwoman chair
    chief executive ceo cfo coo director spokesman spokeswoman spokesperson official
    ambassador envoy general gen commander colonel col lieutenant lt captain capt sergeant
    sgt admiral adm judge justice attorney prosecutor lawyer king queen prince princess pope
    emperor sheikh emir sultan archbishop bishop cardinal rabbi imam reverend rev coach
    manager boss head deputy assistant acting former foreign defense defence interior
    finance home health trade economy energy education state security economist
    analyst adviser advisor aide negotiator mediator founder owner commissioner inspector
    superintendent sheriff officer secretary-general director-general presenter
    correspondent editor professor researcher scientist author senior top shadow junior
    interim outgoing incoming president-elect vice-president first lady counsel
    chairperson treasurer governor-general keeper goalkeeper striker midfielder defender
    winger captain skipper frontbencher backbencher mp mep msp peer fly-half scrum-half
    full-back
    """
) - _words("first lady")
# Nouns that may stand before a name in a subject without being a title:
# "Wenger's Bayern counterpart Felix Magath", "the 28-year-old Morientes".
_DESCRIPTORS = _words(
    """
    counterpart colleague rival team-mate teammate compatriot partner star veteran
    champion holder winner player youngster newcomer fellow new wife husband son daughter
    father mother brother sister friend
    """
)
_AGE_RE = re.compile(r"\d+-year-old")
# Plural sources: "officials said", "police say". Bound to "they".
_GROUPS = _words(
    """
    officials police analysts experts economists critics witnesses residents sources
    authorities investigators prosecutors researchers scientists doctors organisers
    organizers campaigners activists ministers lawyers observers diplomats aides advisers
    advisors officers protesters demonstrators villagers locals medics paramedics
    firefighters rescuers troops soldiers militants rebels insurgents leaders members
    executives bosses managers shareholders investors traders dealers unions workers
    employees staff teachers students parents fans voters people others americans
    britons europeans spokesmen negotiators lawmakers legislators senators mps
    representatives regulators prosecutors families relatives survivors media
    journalists reporters newspapers
    """
)
_ORG_WORDS = _words(
    """
    motors bank group corp corporation inc ltd plc co company ministry department office
    agency council commission committee union association federation institute university
    college school hospital court party government administration kremlin parliament
    congress senate assembly police army navy force forces service services authority
    board bureau centre center foundation fund organisation organization society chamber
    league club network news times post journal press airlines airways industries
    holdings partners capital securities exchange alliance coalition front movement church
    team report survey study statement poll data figures
    """
)
# "According to" things that do not speak.
_NOT_SOURCES = _words(
    """
    plan plans schedule tradition custom legend rules rule law laws constitution agreement
    deal terms contract timetable proposal protocol guidelines regulations procedure map
    design script recipe tradition
    """
)
_CONNECTORS = _words("of for at in from")
_PARTICLES = _words("de da di du van von der den al bin ibn la le del dos das ter abu")
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_TIME_WORDS = (
    _WEEKDAYS
    | _MONTHS
    | _words("today yesterday tonight week month year morning afternoon evening night weekend")
)
_ADV_SKIP = _words(
    """
    also later earlier has had have previously again separately repeatedly reportedly
    publicly privately recently then himself herself itself themselves further once
    subsequently initially first last simply just already quickly briefly bluntly flatly
    firmly openly frankly angrily clearly emphatically did quietly today yesterday
    tonight now since often always
    """
)
_BOUNDARY_WORDS = (
    _words(
        """
        and but yet so however meanwhile then now still instead later earlier separately
        previously moreover furthermore indeed again also today yesterday tonight
        """
    )
    | _TIME_WORDS
)
_NP_BREAK = _VERBS | _words(
    """
    and but or nor yet so however while whereas when as after before because although
    though if since until unless that which who whom whose where what why how than is was
    were are be been being am has have had will would could should may might must can
    shall do does did not never no to by with on about over under into onto through
    against without between during per via like there here only even still saying
    speaking adding meanwhile neither either also just
    """
)
_NP_STOP = _words(
    """
    who everyone everybody nobody someone somebody anyone anybody something nothing
    everything all none this that these those there here what which it's whoever
    """
)
_ABBREVS = _words("mr mrs ms dr prof sen rep gov gen col lt capt sgt adm rev st jr sr maj")
_ED_ING_OK = _words(
    """
    united limited unnamed retired elected appointed designated disgraced embattled jailed
    detained listed related acting managing leading ruling governing reigning outgoing
    incoming visiting striking founding presiding serving sitting
    """
)
_RIGHT_STOP = _words(
    "at in on during after before when while as who which adding according from to that "
    "and but because told said"
)
_ASK_TAIL = _words("whether if why how what when where who")
_FINITE = _words("was were is are would will could had has have should must can may might")

# Country and demonym pairs so "what did the Armenian minister say" matches
# "Armenia's Foreign Minister".
_COUNTRY_DEMONYMS: tuple[tuple[str, str], ...] = (
    ("afghanistan", "afghan"), ("albania", "albanian"), ("algeria", "algerian"),
    ("argentina", "argentine"), ("armenia", "armenian"), ("australia", "australian"),
    ("austria", "austrian"), ("azerbaijan", "azerbaijani"), ("bahrain", "bahraini"),
    ("bangladesh", "bangladeshi"), ("belarus", "belarusian"), ("belgium", "belgian"),
    ("bolivia", "bolivian"), ("bosnia", "bosnian"), ("brazil", "brazilian"),
    ("britain", "british"), ("bulgaria", "bulgarian"), ("cambodia", "cambodian"),
    ("canada", "canadian"), ("chile", "chilean"), ("china", "chinese"),
    ("colombia", "colombian"), ("croatia", "croatian"), ("cuba", "cuban"),
    ("cyprus", "cypriot"), ("czechia", "czech"), ("denmark", "danish"),
    ("ecuador", "ecuadorian"), ("egypt", "egyptian"), ("england", "english"),
    ("estonia", "estonian"), ("ethiopia", "ethiopian"), ("finland", "finnish"),
    ("france", "french"), ("georgia", "georgian"), ("germany", "german"),
    ("ghana", "ghanaian"), ("greece", "greek"), ("hungary", "hungarian"),
    ("iceland", "icelandic"), ("india", "indian"), ("indonesia", "indonesian"),
    ("iran", "iranian"), ("iraq", "iraqi"), ("ireland", "irish"), ("israel", "israeli"),
    ("italy", "italian"), ("japan", "japanese"), ("jordan", "jordanian"),
    ("kazakhstan", "kazakh"), ("kenya", "kenyan"), ("korea", "korean"),
    ("kosovo", "kosovar"), ("kuwait", "kuwaiti"), ("kyrgyzstan", "kyrgyz"),
    ("latvia", "latvian"), ("lebanon", "lebanese"), ("libya", "libyan"),
    ("lithuania", "lithuanian"), ("malaysia", "malaysian"), ("mexico", "mexican"),
    ("moldova", "moldovan"), ("mongolia", "mongolian"), ("morocco", "moroccan"),
    ("nepal", "nepalese"), ("netherlands", "dutch"), ("nigeria", "nigerian"),
    ("norway", "norwegian"), ("pakistan", "pakistani"), ("palestine", "palestinian"),
    ("peru", "peruvian"), ("philippines", "filipino"), ("poland", "polish"),
    ("portugal", "portuguese"), ("qatar", "qatari"), ("romania", "romanian"),
    ("russia", "russian"), ("saudi", "saudi"), ("scotland", "scottish"),
    ("serbia", "serbian"), ("slovakia", "slovak"), ("slovenia", "slovenian"),
    ("somalia", "somali"), ("spain", "spanish"), ("sudan", "sudanese"),
    ("sweden", "swedish"), ("switzerland", "swiss"), ("syria", "syrian"),
    ("taiwan", "taiwanese"), ("tajikistan", "tajik"), ("thailand", "thai"),
    ("tunisia", "tunisian"), ("turkey", "turkish"), ("turkmenistan", "turkmen"),
    ("uganda", "ugandan"), ("ukraine", "ukrainian"), ("uk", "british"),
    ("us", "american"), ("u.s", "american"), ("usa", "american"), ("america", "american"),
    ("uzbekistan", "uzbek"), ("venezuela", "venezuelan"), ("vietnam", "vietnamese"),
    ("wales", "welsh"), ("yemen", "yemeni"), ("zimbabwe", "zimbabwean"),
)  # fmt: skip
_NATION_ALIASES: dict[str, set[str]] = {}
for _country, _demonym in _COUNTRY_DEMONYMS:
    _NATION_ALIASES.setdefault(_country, set()).add(_demonym)
    _NATION_ALIASES.setdefault(_demonym, set()).add(_country)

# --------------------------------------------------------------------------- regexes

_MARKER = "\ue000"
_TOKEN_RE = re.compile(r"\w+(?:['’\-&]\w+|\.\w+)*|[^\w\s]")
_QUOTE_RE = re.compile(r"[“”„«»\"]")
_OPENERS = frozenset("“„«")
_QUOTE_STARTS = ("“", "„", "«", '"')
_UPPER_WORD_RE = re.compile(r"\b[A-Z]")

_TITLE_ALT = "|".join(sorted((t for t in _TITLES if "-" not in t), key=len, reverse=True))
_CAP_WORD = r"[A-Z][\w'’\-]*(?:\.(?=\s))?"
_RUN_RE = re.compile(
    rf"{_CAP_WORD}"
    rf"(?:\s+(?:(?:of|for|de|da|di|du|van|von|der|den|al|bin|ibn|la|le|del)\s+)?"
    rf"(?:{_CAP_WORD}|(?:{_TITLE_ALT})\b))*"
)
_LEAD_CONJ_RE = re.compile(r"(?:But|And|Yet|So|Still|Then|Now|Meanwhile)\s+")
_JOINT_AFTER_RE = re.compile(r"\s*(?:,|&|and\b|nor\b|or\b)")
_JOIN_FIX_RE = re.compile(r" (?=[.)])|(?<=\() ")

_STOPWORDS = (
    _NP_BREAK
    | _NP_STOP
    | _DETS
    | _ALL_PRONOUNS
    | _CONNECTORS
    | _TIME_WORDS
    | _words(
        """
        a an the of in on at for from by to up down out off new more most less least very
        much many earlier later it its his her their our my your me him them us also then
        than too there here said says new old last next this that other such own same
        """
    )
)


# --------------------------------------------------------------------------- helpers


def _is_word(tok: str) -> bool:
    c = tok[0]
    return c.isalnum() or c == "_"


def _is_cap(text: str) -> bool:
    return text[:1].isupper()


def _low(tok: str) -> str:
    low = tok.lower()
    return low.rstrip(".") if len(low) > 1 else low


def _tokens(text: str) -> list[str]:
    """Words and punctuation; "Mr." and "U.S." keep their full stop."""
    toks = _TOKEN_RE.findall(text)
    if "." not in toks[:-1]:
        return toks
    out: list[str] = []
    for tok in toks:
        if (
            tok == "."
            and out
            and (len(out[-1]) == 1 or "." in out[-1] or out[-1].lower() in _ABBREVS)
            and out[-1][0].isalpha()
        ):
            out[-1] += "."
        else:
            out.append(tok)
    return out


def _is_possessive(low: str) -> bool:
    return low.endswith(("'s", "’s", "s'", "s’"))


def _strip_possessive(text: str) -> str:
    if text[-2:].lower() in ("'s", "’s"):
        return text[:-2]
    return text[:-1] if text[-2:].lower() in ("s'", "s’") else text


def _verbish(tok: str, low: str) -> bool:
    """Lower-case -ed/-ing words end a subject ("the figures released ... said")."""
    if "-" in low or low in _ED_ING_OK or low in _TITLES or _is_cap(tok):
        return False
    return low.endswith(("ed", "ing"))


def _join(toks: Iterable[str]) -> str:
    return _JOIN_FIX_RE.sub("", " ".join(toks))


def _plural(low: str) -> bool:
    return low in _GROUPS or (
        len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))
    )


def _name_run_start(
    words: Sequence[str], lows: Sequence[str], lower_mode: bool, after_body: bool = False
) -> int:
    """Index where the trailing personal name starts in a subject phrase.

    With ``after_body``, a capitalised word right after "the" is taken for a body
    ("to the Treasury Paul Boateng") rather than a first name.
    """
    n = len(words)
    i = n
    while i > 0:
        low = lows[i - 1]
        if low in _PARTICLES and n > i and i > 1:
            i -= 1
            continue
        if low in _TITLES or low in _STOPWORDS or low in _HON_DROP or low in _HON_KEEP:
            break
        if i < n and _is_possessive(low):
            break
        if lower_mode:
            if n - i >= 3:
                break
        elif not _is_cap(words[i - 1]):
            break
        i -= 1
    if after_body and i > 0 and n - i >= 3 and lows[i - 1] == "the":
        i += 1
    return i


def _role_text(words: Sequence[str], lows: Sequence[str]) -> str | None:
    """A title phrase ("Azerbaijan's foreign minister"), or None if it is not one."""
    if not words or not any(low in _TITLES for low in lows):
        return None
    for tok, low in zip(words, lows, strict=True):
        if low in _ALL_PRONOUNS or low in _NP_STOP or _verbish(tok, low):
            return None
    if lows[0] in ("the", "a", "an", "his", "her", "their", "its", "our"):
        words = words[1:]
    return _join(words) if words else None


# --------------------------------------------------------------------------- quotes


@dataclass(slots=True)
class _QuoteInfo:
    outside: str
    has_quote: bool
    starts_open: bool
    ends_open: bool
    starts_with_quote: bool
    quoted_share: float


def _scan_quotes(sentence: str, open_at_start: bool) -> _QuoteInfo:
    """Mask quotations, carrying an open quote over from the previous sentence."""
    state = open_at_start
    n = len(sentence)
    if not state and not _QUOTE_RE.search(sentence):
        return _QuoteInfo(sentence, False, False, False, False, 0.0)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _QUOTE_RE.finditer(sentence):
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
        if c in _OPENERS:
            if not state:
                state = True
                start = p
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
        pieces.append(f" {_MARKER} ")
        quoted += b - a
        last = b
    pieces.append(sentence[last:])
    return _QuoteInfo(
        outside="".join(pieces),
        has_quote=bool(spans),
        starts_open=open_at_start,
        ends_open=state,
        starts_with_quote=open_at_start or sentence.lstrip()[:1] in _QUOTE_STARTS,
        quoted_share=quoted / n if n else 0.0,
    )


# --------------------------------------------------------------------------- registry


@dataclass(slots=True)
class _Entity:
    name: str
    role: str | None
    kind: str  # "person", "name" (person or body, unknown), "group", "org"
    gender: str | None
    mentions: list[int]

    def add_role(self, role: str | None) -> None:
        """Keep the fullest title seen, since later mentions are often shortened."""
        if role and (self.role is None or len(role) > len(self.role)):
            self.role = role


def _key(name: str) -> str:
    return name.lower().replace(".", "").replace("’", "'")


class _Registry:
    """Everyone named in the article, so short mentions resolve to full names."""

    __slots__ = ("by_key", "by_last", "entities")

    def __init__(self) -> None:
        self.by_key: dict[str, _Entity] = {}
        self.by_last: dict[str, list[_Entity]] = {}
        self.entities: list[_Entity] = []

    def _index(self, ent: _Entity) -> None:
        self.by_key[_key(ent.name)] = ent
        last = _key(ent.name.split()[-1])
        for key in {last, last.split("-")[0]}:
            bucket = self.by_last.setdefault(key, [])
            if ent not in bucket:
                bucket.append(ent)

    def lookup_surname(self, token: str, pos: int) -> _Entity | None:
        """The person called ``token``; with namesakes, the one mentioned last."""
        cands = self.by_last.get(_key(token))
        if not cands:
            return None
        best, best_pos = cands[0], -2
        for ent in cands:
            seen = [m for m in ent.mentions if m <= pos]
            if seen and seen[-1] > best_pos:
                best, best_pos = ent, seen[-1]
        return best

    def person(
        self,
        names: Sequence[str],
        role: str | None,
        gender: str | None,
        pos: int,
        kind: str = "person",
    ) -> _Entity:
        name = " ".join(names)
        ent = self.by_key.get(_key(name))
        if ent is None:
            cands = self.by_last.get(_key(names[-1]), [])
            if len(names) == 1:
                ent = self.lookup_surname(names[0], pos) if cands else None
            else:
                low = [_key(t) for t in names]
                for cand in cands:
                    ctoks = _key(cand.name).split()
                    if ctoks == low[-len(ctoks) :] or low == ctoks[-len(low) :]:
                        ent = cand
                        break
            if ent is not None and len(name) > len(ent.name):
                ent.name = name
                self._index(ent)
        if ent is None:
            ent = _Entity(name, None, kind, gender, [])
            self.entities.append(ent)
            self._index(ent)
        if kind == "person" and ent.kind == "name":
            ent.kind = "person"
        ent.add_role(role)
        if gender and not ent.gender:
            ent.gender = gender
        if not ent.mentions or ent.mentions[-1] != pos:
            ent.mentions.append(pos)
        return ent

    def source(self, name: str, kind: str) -> _Entity:
        key = "\x00" + _key(name)
        ent = self.by_key.get(key)
        if ent is None:
            ent = _Entity(name, None, kind, None, [])
            self.by_key[key] = ent
        return ent

    def alias(self, short: str, ent: _Entity) -> None:
        """Let an abbreviation given in brackets name the same body later on."""
        key = _key(short)
        for variant in (key, "the " + key):
            self.by_key.setdefault("\x00" + variant, ent)

    def by_role(self, head: str) -> _Entity | None:
        """The one person whose title ends in ``head`` ("the minister")."""
        found: _Entity | None = None
        for ent in self.entities:
            if ent.role and ent.role.lower().split()[-1] == head:
                if found is not None:
                    return None
                found = ent
        return found


def _register_run(reg: _Registry, s: str, start: int, run: str, pos: int) -> list[str] | None:
    """Record the names in a capitalised run; return a name that opens the sentence."""
    subject: list[str] | None = None
    at_start = start == 0 or (start < 12 and _LEAD_CONJ_RE.fullmatch(s, 0, start) is not None)
    if at_start and _JOINT_AFTER_RE.match(s, start + len(run)):
        at_start = False
    if " " not in run:
        # One word: too little to register, but it may be the subject ("Putin spoke").
        if at_start and run.lower() not in _STOPWORDS:
            return [run.rstrip(".")]
        return None
    words = run.split()
    if (
        len(words) >= 3
        and s[max(0, start - 4) : start].lower() == "the "
        and not any(_low(w) in _TITLES for w in words)
    ):
        # "the Treasury Paul Boateng": a body before the name, not a first name.
        words = words[1:]
    # Lower-case titles just before the run: "former president Barack Obama".
    if start > 1 and s[start - 1] == " ":
        before = s[max(0, start - 40) : start].split()
        extra: list[str] = []
        while before and before[-1].lower() in _TITLES:
            extra.append(before.pop())
        if extra:
            words = extra[::-1] + words
    seg: list[str] = []
    segments: list[list[str]] = []
    for tok in words:
        low = _low(tok)
        if (
            low in _STOPWORDS
            and low not in _TITLES
            and low not in _PARTICLES
            and not (low in ("of", "for") and seg)
        ):
            if seg:
                segments.append(seg)
            seg = []
        else:
            seg.append(tok)
    if seg:
        segments.append(seg)
    for si, seg in enumerate(segments):
        seg[-1] = _strip_possessive(seg[-1])
        lows = [_low(t) for t in seg]
        begin = _name_run_start(seg, lows, lower_mode=False)
        if begin == len(seg) or lows[-1] in _ORG_WORDS:
            continue
        name = seg[begin:]
        prefix, plows = seg[:begin], lows[:begin]
        gender = None
        if plows and (plows[-1] in _HON_DROP or plows[-1] in _HON_KEEP):
            hon = plows[-1]
            gender = _HON_DROP.get(hon) or _HON_KEEP.get(hon)
            if hon in _HON_KEEP:
                name = [prefix[-1], *name]
            prefix, plows = prefix[:-1], plows[:-1]
        role = _join(prefix) if any(low in _TITLES for low in plows) else None
        names = [t.rstrip(".") for t in name]
        if role or gender or len(names) >= 2:
            reg.person(names, role, gender, pos)
        if (at_start and si == 0 and begin == 0) or (at_start and si == 0 and role):
            subject = names
    return subject


def _register_lower(reg: _Registry, text: str) -> None:
    """Names in lower-cased text: after an honorific or a run of title words."""
    words = text.split()
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        hon = w.rstrip(".")
        if (hon in _HON_DROP or hon in _HON_KEEP) and i + 1 < n:
            surname = _strip_possessive(words[i + 1].rstrip('.,;:!?"”’)'))
            if surname.isalpha() and surname not in _STOPWORDS and surname not in _TITLES:
                ent = reg.person([surname], None, _HON_DROP.get(hon) or _HON_KEEP.get(hon), -1)
                if hon in _HON_KEEP and " " not in ent.name:
                    ent.name = f"{hon} {surname}"
            i += 1
            continue
        if w not in _TITLES:
            i += 1
            continue
        j = i + 1
        while j < n and (words[j] in _TITLES or (words[j] == "of" and j + 1 < n)):
            j += 1
        if j + 1 < n and words[j - 1] != "of":
            first = words[j]
            last = _strip_possessive(words[j + 1].rstrip('.,;:!?"”’)'))
            if (
                first.isalpha()
                and last.replace("-", "").isalpha()
                and not any(
                    x in _STOPWORDS
                    or x in _TITLES
                    or x in _GROUPS
                    or x in _HON_DROP
                    or (x.endswith(("ed", "ing", "ly")) and x not in _ED_ING_OK)
                    for x in (first, last)
                )
            ):
                reg.person([first, last], " ".join(words[i:j]), None, -1)
        i = j


def _complete_lower_names(reg: _Registry, text: str) -> None:
    """Give "mr blair" the first name seen elsewhere ("tony blair has rejected ...")."""
    for ent in list(reg.entities):
        if " " in ent.name:
            continue
        pattern = re.compile(rf"\b([a-z][\w'’\-]*)\s+{re.escape(ent.name)}\b")
        for m in pattern.finditer(text):
            first = m.group(1)
            if not (
                first in _STOPWORDS
                or first in _TITLES
                or first in _HON_DROP
                or first in _HON_KEEP
                or first in _GROUPS
                or first in _NATION_ALIASES
                or _is_possessive(first)
                or first.endswith(("ed", "ing", "ly"))
            ):
                reg.person([first, ent.name], None, None, -1)
                break


# --------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _Speaker:
    """A parsed subject phrase before it is matched to an entity."""

    kind: str  # "pronoun", "person", "name", "group", "org"
    name: str
    names: list[str]
    role: str | None = None
    gender: str | None = None


@dataclass(slots=True)
class _Hit:
    speaker: _Speaker
    direct: bool
    alias: str | None = None


def _classify(words: list[str], lower_mode: bool, sentence_start: bool) -> _Speaker | None:
    """Turn a subject phrase into a speaker description, or reject it."""
    if not words or len(words) > 9:
        return None
    lows = [_low(t) for t in words]
    if len(words) == 1 and lows[0] in _PRONOUNS:
        return _Speaker("pronoun", lows[0], [])
    for low in lows:
        if low in _ALL_PRONOUNS or low in _NP_STOP:
            return None
    if all(low in _DETS or low.isdigit() for low in lows):
        return None

    for h, low in enumerate(lows):
        if low in _HON_DROP or low in _HON_KEEP:
            name = words[h + 1 :]
            if not name or len(name) > 4 or any(_low(t) in _CONNECTORS for t in name):
                return None
            if low in _HON_KEEP:
                name = [words[h], *name]
            names = [t.rstrip(".") for t in name]
            role = _join(words[:h]) if any(w in _TITLES for w in lows[:h]) else None
            gender = _HON_DROP.get(low) or _HON_KEEP.get(low)
            return _Speaker("person", " ".join(names), names, role, gender)

    def as_written() -> str:
        text = _join(words)
        if sentence_start and not lower_mode and (lows[0] in _DETS or lows[0] in _GROUPS):
            text = text[:1].lower() + text[1:]
        return text

    det = lows[0] in _DETS or lows[0].isdigit()
    begin = _name_run_start(words, lows, lower_mode)
    if begin < len(words):
        before = lows[begin - 1] if begin else ""
        if before not in _CONNECTORS and before not in _DETS and (begin or not det):
            name, prefix, plows = words[begin:], words[:begin], lows[:begin]
            head = lows[-1]
            if head in _ORG_WORDS or (len(name) == 1 and head in _GROUPS):
                return _Speaker("group" if head in _GROUPS else "org", as_written(), [])
            if not lower_mode:
                for tok, low in zip(prefix, plows, strict=True):
                    # Lower-case words before a name must be titles ("party leader").
                    if (
                        not _is_cap(tok)
                        and low not in _TITLES
                        and low not in _CONNECTORS
                        and low not in _DESCRIPTORS
                        and not _AGE_RE.fullmatch(low)
                        and not (low in _DETS and tok is prefix[0])
                    ):
                        return None
            if lower_mode and len(name) > 3:
                return None
            has_title = any(low in _TITLES for low in plows)
            if plows and plows[0] in _DETS:
                prefix = prefix[1:]
            role = _join(prefix) if has_title else None
            names = [t.rstrip(".") for t in name]
            if lower_mode and not has_title and len(names) == 1 and lows[-1] in _STOPWORDS:
                return None
            return _Speaker("person" if has_title else "name", " ".join(names), names, role)

    # Descriptive sources: "the company", "a spokesman for the Kremlin", "analysts at
    # the bank". Without an article, the words before any "of"/"at" must be a title,
    # a group or capitalised.
    head_i = next((i for i, low in enumerate(lows) if low in _CONNECTORS), len(lows)) - 1
    if not det and not lower_mode:
        for tok, low in zip(words[: head_i + 1], lows[: head_i + 1], strict=True):
            if not (_is_cap(tok) or low in _TITLES or low in _GROUPS):
                return None
    if head_i < 0 or lows[head_i] in _DETS:
        return None
    head = lows[head_i]
    if head in _TITLES:
        kind = "person"
    elif _plural(head) and head not in _ORG_WORDS:
        kind = "group"
    else:
        kind = "org"
    return _Speaker(kind, as_written(), [])


def _collect_left(toks: Sequence[str], lows: Sequence[str], end: int) -> tuple[list[str], int]:
    """Walk left from ``end`` (exclusive) over a subject phrase; return it and the stop index."""
    picked: list[str] = []
    k = end - 1
    while k >= 0 and len(picked) < 12:
        tok = toks[k]
        if not _is_word(tok):
            if tok == ")":
                j = k - 1
                while j >= 0 and k - j <= 8 and toks[j] != "(":
                    j -= 1
                if j >= 0 and toks[j] == "(":
                    k = j - 1
                    continue
            break
        low = lows[k]
        if low == "and" and _title_conjunction(toks, lows, picked, k):
            picked.append(tok)
            k -= 1
            continue
        if low in _NP_BREAK or low in _WEEKDAYS or low in _MONTHS or _verbish(tok, low):
            break
        picked.append(tok)
        k -= 1
    picked.reverse()
    return picked, k


def _title_conjunction(
    toks: Sequence[str], lows: Sequence[str], picked: Sequence[str], k: int
) -> bool:
    """Is the "and" at ``k`` inside a title ("Trade and Industry Secretary"), not a pair?

    ``picked`` holds the words already walked over, right to left.
    """
    if not picked or len(picked) > 3 or _low(picked[0]) not in _TITLES:
        return False
    if not all(_is_cap(t) for t in picked) or k < 1:
        return False
    prev = toks[k - 1]
    return _is_word(prev) and _is_cap(prev) and not _is_possessive(lows[k - 1])


def _relative_clause(toks: Sequence[str], lows: Sequence[str], k: int) -> int:
    """Where ", who ..." opens if it closes with the comma at ``k``; else -1.

    Long clauses ("Lehmann, whose rivalry with Kahn was not helped, said") may hold
    commas and quotations of their own, so only a full stop or semicolon ends the search.
    """
    if k < 2 or toks[k] != ",":
        return -1
    for r in range(k - 1, max(0, k - 45), -1):
        tok = toks[r]
        if tok in (".", ";", "!", "?"):
            return -1
        if lows[r] in ("who", "whose") and toks[r - 1] == ",":
            return r - 1
    return -1


def _boundary_ok(
    toks: Sequence[str],
    lows: Sequence[str],
    k: int,
    reg: _Registry,
    lower_mode: bool,
    first: str = "",
) -> bool:
    """Is the word before a subject (starting ``first``) a clause edge, not "was" or "which"?"""
    if k < 0:
        return True
    tok = toks[k]
    if tok == _MARKER:
        return True
    if not _is_word(tok):
        return tok in ",;:—–-(.!?"
    low = lows[k]
    if low not in _BOUNDARY_WORDS:
        return False
    if low == "and" and k > 0:
        prev = toks[k - 1]
        # "Aliyev and Pashinyan said" is a joint subject, not one speaker.
        if _is_word(prev) and (
            (
                not lower_mode
                and _is_cap(prev)
                and (k > 1 or (_is_cap(first) and first.lower() not in _GROUPS))
            )
            or lows[k - 1] in reg.by_last
        ):
            return False
    return True


def _tail_ok(
    toks: Sequence[str], lows: Sequence[str], vi: int, verb: str, trailing: bool
) -> tuple[bool, bool]:
    """Does what follows the verb make it speech?  Returns (ok, a quotation follows)."""
    n = len(toks)
    strong = verb in _STRONG_VERBS
    if vi + 1 >= n:
        return trailing or strong, False
    for j in range(vi + 1, min(n, vi + 10)):
        tok = toks[j]
        if tok == _MARKER:
            return True, j <= vi + 3 or toks[j - 1] in (":", ",")
        if tok == ":":
            return True, j + 1 < n and toks[j + 1] == _MARKER
        low = lows[j]
        if low == "that":
            return True, False
        if verb in _ASK_VERBS and low in _ASK_TAIL:
            return True, False
        if j == n - 1 and tok in (".", "!", "?"):
            return trailing or strong or _clause_follows(toks, lows, vi), False
        if tok in (";", "—", "–"):
            return strong, False
    return strong or _clause_follows(toks, lows, vi), False


def _clause_follows(toks: Sequence[str], lows: Sequence[str], vi: int) -> bool:
    """Is the verb followed by a clause without "that" ("argued a change was needed")?

    A finite verb after at least one word, before any punctuation, marks a clause,
    where "claimed the title in 2019" has none.
    """
    if lows[vi] in _TRAIL_VERBS:
        return False
    for j in range(vi + 1, min(len(toks), vi + 13)):
        if not _is_word(toks[j]):
            return False
        if lows[j] in _FINITE:
            return j >= vi + 2 and lows[j - 1] not in ("to", "who", "which")
    return False


def _right_np(toks: Sequence[str], lows: Sequence[str], vi: int) -> tuple[list[str], int]:
    """The phrase after a verb or "according to", and where it stops."""
    picked: list[str] = []
    j = vi + 1
    n = len(toks)
    while j < n and len(picked) < 9:
        tok = toks[j]
        if not _is_word(tok):
            break
        low = lows[j]
        if low in _RIGHT_STOP or low in _NP_BREAK or low in _WEEKDAYS or _verbish(tok, low):
            break
        picked.append(tok)
        j += 1
    return picked, j


def _appositive(toks: Sequence[str], lows: Sequence[str], j: int) -> str | None:
    """Read a role from an appositive after a name: "said Jo Li, chief executive of Acme"."""
    if j >= len(toks) or toks[j] != ",":
        return None
    k = j + 1
    while k < len(toks) and _is_word(toks[k]) and k - j <= 9:
        if lows[k] in _NP_BREAK and lows[k] not in _CONNECTORS:
            return None
        k += 1
    return _role_text(toks[j + 1 : k], lows[j + 1 : k])


def _with_role(sp: _Speaker | None, role: str | None) -> _Speaker | None:
    if sp is not None and role and sp.names:
        sp.role = role
        sp.kind = "person"
    return sp


class _Sentence:
    """Outside-quotation tokens of one sentence and the patterns found in them."""

    __slots__ = ("lower_mode", "lows", "reg", "toks")

    def __init__(self, toks: list[str], reg: _Registry, lower_mode: bool) -> None:
        self.toks = toks
        self.lows = [t.lower() if t[-1] != "." else _low(t) for t in toks]
        self.reg = reg
        self.lower_mode = lower_mode

    def find(self) -> _Hit | None:
        """First reporting pattern in the sentence that names a usable speaker."""
        toks, lows = self.toks, self.lows
        n = len(toks)
        for vi in range(n):
            low = lows[vi]
            if low == "according" and vi + 1 < n and lows[vi + 1] == "to":
                hit = self._according(vi + 1)
                if hit:
                    return hit
                continue
            if low not in _VERBS or _is_cap(toks[vi]):
                continue
            j = vi - 1
            while j >= 0:
                w = lows[j]
                if w in _ADV_SKIP or (
                    not self.lower_mode and w.endswith("ly") and len(w) > 4 and not _is_cap(toks[j])
                ):
                    j -= 1
                elif w in _WEEKDAYS:
                    j -= 1
                    if j >= 0 and lows[j] in ("on", "late", "early", "last"):
                        j -= 1
                else:
                    break
            hit = self._left(vi, j + 1)
            if hit:
                return hit
            if j >= 0 and toks[j] in (_MARKER, ","):
                after_quote = toks[j] == _MARKER or (j > 0 and toks[j - 1] == _MARKER)
                # After a quotation any reporting verb may come first: '"...," admitted Jo.'
                if (after_quote and low not in _STRONG_VERBS - _INVERTIBLE) or (
                    low in ("said", "says", "added")
                ):
                    hit = self._inverted(vi, after_quote)
                    if hit:
                        return hit
        return self._colon()

    def _left(self, vi: int, end: int) -> _Hit | None:
        toks, lows, reg, lm = self.toks, self.lows, self.reg, self.lower_mode
        verb = lows[vi]
        words, k = _collect_left(toks, lows, end)
        alias = None
        if words and toks[end - 1] == ")":
            # "the British Chamber of Commerce (BCC) said": later "the BCC" is the same body.
            j = end - 2
            while j > 0 and toks[j] != "(":
                j -= 1
            inner = toks[j + 1 : end - 1]
            if inner and all(_is_word(t) for t in inner):
                alias = " ".join(inner)
        role: str | None = None
        rel = _relative_clause(toks, lows, k) if not words and k == end - 1 else -1
        if rel > 0:
            # "Lehmann, whose rivalry with Kahn was not helped by the result, said"
            words, k = _collect_left(toks, lows, rel)
            if words and all(w.isdigit() for w in words) and k > 0 and toks[k] == ",":
                words, k = _collect_left(toks, lows, k)  # "Greenspan, 79, who ..."
            if not words:
                return None
        elif not words and k == end - 1 and k >= 0 and toks[k] == ",":
            # A parenthetical between subject and verb: "Bayramov, the foreign minister, said".
            k2 = k - 1
            while k2 >= 0 and k - k2 <= 12 and toks[k2] not in (",", _MARKER):
                k2 -= 1
            if k2 < 0 or toks[k2] != "," or k2 == k - 1:
                return None
            inner = toks[k2 + 1 : k]
            outer, k3 = _collect_left(toks, lows, k2)
            if not outer or not _boundary_ok(toks, lows, k3, reg, lm):
                return None
            role = _role_text(inner, lows[k2 + 1 : k])
            outer_role = _role_text(outer, [_low(t) for t in outer])
            if role is None and outer_role and len(inner) <= 3:
                # "the firm's chief executive, John Smith, said"
                role, outer = outer_role, inner
            words, k = outer, k3
        if not words or not _boundary_ok(toks, lows, k, reg, lm, words[0]):
            return None
        edge = toks[k] if k >= 0 else ""
        trailing = edge in (_MARKER, ",", ";", "—", "–")
        after_quote = edge == _MARKER or (edge == "," and k > 0 and toks[k - 1] == _MARKER)
        if verb in _TRAIL_VERBS and not after_quote:
            return None
        ok, quote_follows = _tail_ok(toks, lows, vi, verb, trailing)
        if not ok:
            return None
        direct = after_quote or quote_follows
        if role is None and edge == "," and k > 0:
            # "Jeyhun Bayramov, Azerbaijan's foreign minister said": the role follows the name.
            own_role = _role_text(words, [_low(t) for t in words])
            if own_role and (not _is_cap(words[-1]) or lows[end - 1] in _TITLES):
                outer, k3 = _collect_left(toks, lows, k)
                if outer and _boundary_ok(toks, lows, k3, reg, lm):
                    sp = _classify(outer, lm, k3 < 0)
                    if sp is not None and sp.kind in ("person", "name") and sp.names:
                        sp.role = sp.role or own_role
                        sp.kind = "person"
                        return _Hit(sp, direct)
        sp = _with_role(_classify(words, lm, k < 0), role)
        return _Hit(sp, direct, alias) if sp is not None else None

    def _inverted(self, vi: int, after_quote: bool) -> _Hit | None:
        toks, lows = self.toks, self.lows
        words, j = _right_np(toks, lows, vi)
        if not words or (j < len(toks) and _is_word(toks[j]) and lows[j] not in _RIGHT_STOP):
            return None
        sp = _classify(words, self.lower_mode, False)
        if sp is None or (sp.kind == "pronoun" and not after_quote):
            return None
        return _Hit(_with_role(sp, _appositive(toks, lows, j)) or sp, after_quote)

    def _according(self, ti: int) -> _Hit | None:
        toks, lows = self.toks, self.lows
        words, j = _right_np(toks, lows, ti)
        if not words or (j < len(toks) and _is_word(toks[j]) and lows[j] not in _RIGHT_STOP):
            return None
        wl = lows[ti + 1 : j]
        head_i = next((i for i, low in enumerate(wl) if low in _CONNECTORS), len(wl)) - 1
        if head_i >= 0 and wl[head_i] in _NOT_SOURCES:
            return None
        sp = _classify(words, self.lower_mode, False)
        if sp is None or sp.kind == "pronoun":
            return None
        return _Hit(_with_role(sp, _appositive(toks, lows, j)) or sp, False)

    def _colon(self) -> _Hit | None:
        """``Blinken: "We made progress."`` with no verb at all."""
        toks = self.toks
        for k in range(1, min(len(toks) - 1, 9)):
            if toks[k] == ":" and toks[k + 1] == _MARKER:
                words = toks[:k]
                if not all(_is_word(t) for t in words):
                    return None
                sp = _classify(words, self.lower_mode, True)
                if sp is None or sp.kind == "pronoun":
                    return None
                known = sp.names and _key(sp.names[-1]) in self.reg.by_last
                return _Hit(sp, True) if sp.role or sp.gender or known else None
        return None


# --------------------------------------------------------------------------- subjects

_SUBJECT_LEAD = _words("but and yet so still then now meanwhile however also")
_INTRO_WORDS = _words("on in at after before during earlier later last speaking announcing")
_NP_GLUE = _words("of for to the and")
_OWNER_DETS = _words("his her their its our")
_NOT_SPEECH_AFTER = _words("goodbye sorry hello no yes so")


def _subject(
    toks: Sequence[str], lows: Sequence[str]
) -> tuple[list[str], str | None, str | None] | None:
    """The person a sentence opens with: (name words, role, gender), or None.

    Pronouns that follow ("He said: ...") point to this person even when the
    sentence itself reports no speech, so it must be found through titles,
    descriptors ("Wenger's Bayern counterpart Felix Magath"), an appositive
    ("His party leader, Michael Howard,") or a relative clause.
    """
    n = len(toks)
    i = 0
    while i < n and lows[i] in _SUBJECT_LEAD:
        i += 1
        if i < n and toks[i] == ",":
            i += 1
    if i < n and lows[i] in _INTRO_WORDS:
        # "On Tuesday, Mr Smith ...": skip a short opening phrase.
        c = next((c for c in range(i + 1, min(n, i + 9)) if toks[c] == ","), -1)
        if c < 0:
            return None
        i = c + 1
    j = i
    while j < n:
        tok, low = toks[j], lows[j]
        if not _is_word(tok) or not (
            _is_cap(tok)
            or low in _TITLES
            or low in _DESCRIPTORS
            or low in _DETS
            or low in _NP_GLUE
            or _AGE_RE.fullmatch(low)
            # a noun before a title: "His party leader"
            or (
                j + 1 < n
                and low not in _NP_BREAK
                and not _verbish(tok, low)
                and (lows[j + 1] in _TITLES or lows[j + 1] in _DESCRIPTORS)
            )
        ):
            break
        j += 1
    np, nl = list(toks[i:j]), list(lows[i:j])
    if (
        not np
        or nl[0] in _NP_BREAK
        or nl[-1] in _NP_GLUE
        or nl[-1] in _DETS
        or _is_possessive(nl[-1])
    ):
        return None
    role: str | None = None
    if j < n and toks[j] == ",":
        rel = j + 1 < n and lows[j + 1] in ("who", "whose")
        limit = 40 if rel else 10
        c = next((c for c in range(j + 1, min(n, j + limit)) if toks[c] in (",", ";")), -1)
        if c < 0 or toks[c] != ",":
            return None
        if not rel:
            inner = list(toks[j + 1 : c])
            if not inner or not all(_is_word(t) for t in inner):
                return None
            il = [_low(t) for t in inner]
            if _is_cap(np[-1]) and _low(np[-1]) not in _TITLES:
                role = _role_text(inner, il)  # "Jo Li, the foreign minister, said"
            elif all(_is_cap(t) for t in inner):
                role, np, nl = _role_text(np, nl), inner, il  # "His party leader, Jo Li,"
            if role is None:
                return None
            if role.split()[0].lower() in _OWNER_DETS:
                role = None
        j = c + 1
    if j >= n or not _is_word(toks[j]) or _is_cap(toks[j]) or lows[j] in ("and", "or", "nor"):
        return None
    begin = _name_run_start(np, nl, False, after_body=True)
    if begin == len(np) or (begin and nl[begin - 1] in _DETS):
        return None  # "the Mac mini" names a thing
    if "and" in nl[:begin]:
        # "Trade and Industry Secretary Jo Li", but not "Smith and Jones".
        last_and = len(nl) - 1 - nl[::-1].index("and")
        if not any(low in _TITLES for low in nl[last_and:begin]):
            return None
    gender = None
    if begin and (nl[begin - 1] in _HON_DROP or nl[begin - 1] in _HON_KEEP):
        gender = _HON_DROP.get(nl[begin - 1]) or _HON_KEEP.get(nl[begin - 1])
        if nl[begin - 1] in _HON_KEEP:
            begin -= 1
    return [t.rstrip(".") for t in np[begin:]], role, gender


def _participle(toks: Sequence[str], lows: Sequence[str]) -> tuple[bool, bool]:
    """Does the sentence report speech as ", adding: ..." or ", saying ..."?

    Returns (found, a quotation follows).
    """
    n = len(toks)
    for q in range(2, n - 1):
        if lows[q] not in _PARTICIPLES or toks[q - 1] != ",":
            continue
        nxt = toks[q + 1]
        if nxt == ":":
            return True, q + 2 < n and toks[q + 2] == _MARKER
        if nxt == _MARKER:
            return True, True
        if lows[q + 1] == "that":
            return True, False
        if lows[q] == "saying" and _is_word(nxt) and lows[q + 1] not in _NOT_SPEECH_AFTER:
            return True, False
    return False, False


# --------------------------------------------------------------------------- main pass


class _Context:
    """Recent speakers and subjects, for pronoun follow-ups."""

    __slots__ = ("recent",)

    def __init__(self) -> None:
        self.recent: list[tuple[_Entity, int]] = []

    def push(self, ent: _Entity, para: int) -> None:
        self.recent.append((ent, para))

    def resolve(self, pronoun: str, para: int) -> _Entity | None:
        want = {"he": "m", "she": "f"}.get(pronoun)
        for ent, p in reversed(self.recent):
            if p < para - 1:
                break
            if want is not None:
                if ent.kind in ("person", "name") and ent.gender in (None, want):
                    return ent
            elif pronoun == "they":
                if ent.kind in ("group", "org"):
                    return ent
            elif ent.kind == "org":
                return ent
        return None

    def people(self) -> list[_Entity]:
        """Distinct people who have spoken or led a sentence so far."""
        seen: list[_Entity] = []
        for ent, _ in self.recent:
            if ent.kind in ("person", "name") and ent.name[:1].isupper() and ent not in seen:
                seen.append(ent)
        return seen


# Titles held by someone speaking for another, never the person named before.
_PROXY_TITLES = _words(
    """
    spokesman spokeswoman spokesperson official aide adviser advisor lawyer attorney
    counsel correspondent editor analyst economist presenter
    """
)
# A generic title covers the specific posts it names ("the minister" for a secretary).
_TITLE_COVERS = {"minister": _words("minister secretary chancellor")}


def _definite_title(sp: _Speaker) -> str | None:
    """The head of a bare definite title ("the chancellor" -> "chancellor"), else None."""
    words = sp.name.split()
    if sp.names or sp.kind != "person" or len(words) < 2 or words[0].lower() != "the":
        return None
    lows = [_low(w) for w in words[1:]]
    if (
        any(low in _CONNECTORS or _is_possessive(low) for low in lows)
        or lows[-1] not in _TITLES
        or lows[-1] in _PROXY_TITLES
    ):
        return None
    return lows[-1]


def _holds_title(ent: _Entity, head: str) -> bool:
    """Could ``ent``'s known role be called "the <head>"?"""
    if not ent.role:
        return False
    own = _low(ent.role.split()[-1])
    return own == head or own in _TITLE_COVERS.get(head, ())


def _subject_entity(
    toks: Sequence[str], lows: Sequence[str], reg: _Registry, pos: int
) -> _Entity | None:
    """The known person a sentence opens with, for later pronouns."""
    found = _subject(toks, lows)
    if found is None:
        return None
    names, role, _ = found
    ent = reg.by_key.get(_key(" ".join(names)))
    if ent is None:
        ent = reg.lookup_surname(names[-1], pos)
    if ent is None or ent.kind not in ("person", "name"):
        return None
    if role and ent.role is None:
        ent.add_role(role)
    return ent


def _entity_for(sp: _Speaker, reg: _Registry, pos: int, lower_mode: bool) -> _Entity:
    if sp.names:
        if len(sp.names) == 1 and sp.kind == "name":
            known = reg.lookup_surname(sp.names[0], pos)
            if known is not None:
                known.mentions.append(pos)
                return known
        return reg.person(sp.names, sp.role, sp.gender, pos, kind=sp.kind)
    if sp.kind == "person" and not lower_mode:
        words = sp.name.lower().split()
        if words[0] == "the" and all(w in _TITLES for w in words[1:]):
            ent = reg.by_role(words[-1])
            if ent is not None:
                return ent
    return reg.source(sp.name, sp.kind)


def attribute_speakers(
    paragraphs: Sequence[Sequence[str]], title: str | None = None
) -> list[list[Attribution | None]]:
    """Credit each sentence to the person or body saying it, or ``None``.

    ``paragraphs`` is the article body already split into paragraphs of
    sentences; the result has the same shape. ``title`` only helps name
    resolution (it may introduce "Russian President Vladimir Putin").
    """
    flat: list[tuple[int, str]] = [(p, s) for p, para in enumerate(paragraphs) for s in para]
    if not flat:
        return [[] for _ in paragraphs]
    text = "\n".join(s for _, s in flat)
    lower_mode = text.islower() or (
        len(_UPPER_WORD_RE.findall(text, 0, 3000)) * 100 < text.count(" ", 0, 3000) + 1
    )

    reg = _Registry()
    subjects: list[list[str] | None] = [None] * len(flat)
    if title and not lower_mode:
        for m in _RUN_RE.finditer(title):
            _register_run(reg, title, m.start(), m.group(), -1)
    for i, (_, s) in enumerate(flat):
        if lower_mode:
            if i == 0:
                _register_lower(reg, text)
                _complete_lower_names(reg, text)
            continue
        for m in _RUN_RE.finditer(s):
            start = m.start()
            if start and (s[start - 1].isalnum() or s[start - 1] in "'’-"):
                continue
            subj = _register_run(reg, s, start, m.group(), i)
            if subj and subjects[i] is None:
                subjects[i] = subj

    # Quote state, carried across sentences and into paragraphs that reopen it.
    infos: list[_QuoteInfo] = []
    open_state = False
    prev_para = -1
    for p, s in flat:
        if p != prev_para:
            if open_state and s.lstrip()[:1] not in _QUOTE_STARTS:
                open_state = False
            prev_para = p
        info = _scan_quotes(s, open_state)
        infos.append(info)
        open_state = info.ends_open

    ctx = _Context()
    results: list[tuple[_Entity, str] | None] = [None] * len(flat)
    # A title speaking before any name ("..., the Trade Secretary has said."), which the
    # next person named is taken to hold.
    pending: tuple[_Entity, str, int, int] | None = None
    for i, (p, _) in enumerate(flat):
        info = infos[i]
        hit = None
        sentence = None
        if not _VERB_FORMS.isdisjoint(info.outside.split()) or ":" in info.outside:
            sentence = _Sentence(_tokens(info.outside), reg, lower_mode)
            hit = sentence.find()
        if hit is None:
            ent = None
            if not lower_mode and info.outside[:1].isupper():
                if sentence is None:
                    sentence = _Sentence(_tokens(info.outside), reg, lower_mode)
                ent = _subject_entity(sentence.toks, sentence.lows, reg, i)
            subj = subjects[i]
            if ent is None and subj:
                ent = reg.by_key.get(_key(" ".join(subj)))
                if ent is None and len(subj) == 1:
                    ent = reg.lookup_surname(subj[0], i)
            if ent is not None:
                ctx.push(ent, p)
                if sentence is not None:
                    said, direct = _participle(sentence.toks, sentence.lows)
                    if said:
                        results[i] = (ent, DIRECT if direct else REPORTED)
            continue
        sp = hit.speaker
        if sp.kind == "pronoun":
            found = ctx.resolve(sp.name, p)
            if found is None:
                continue
            ent = found
            mode = DIRECT if hit.direct else CONTINUED
        else:
            ent = _entity_for(sp, reg, i, lower_mode)
            mode = DIRECT if hit.direct else REPORTED
            if hit.alias and not sp.names:
                reg.alias(hit.alias, ent)
            head = None if lower_mode else _definite_title(sp)
            if head is not None and ent not in reg.entities:
                people = ctx.people()
                if len(people) == 1 and _holds_title(people[0], head):
                    # "the minister" when the one person in view holds such a post.
                    ent = people[0]
                elif not people:
                    pending = (ent, sp.name.split(" ", 1)[1], p, i)
            elif pending is not None and sp.names and ent.role is None:
                src, role, src_para, src_i = pending
                if (
                    p <= src_para + 1
                    and ctx.recent
                    and ctx.recent[-1][0] is src
                    and len(sp.names) >= 2
                    and ent.mentions[0] > src_i
                ):
                    ent.add_role(role)
                    reg.by_key["\x00" + _key(src.name)] = ent
                    for k, res in enumerate(results):
                        if res is not None and res[0] is src:
                            results[k] = (ent, res[1])
                pending = None
        ctx.push(ent, p)
        results[i] = (ent, mode)

    _carry_quotes(flat, infos, results)

    cache: dict[tuple[int, str], Attribution] = {}
    out: list[list[Attribution | None]] = []
    it = iter(results)
    for para in paragraphs:
        row: list[Attribution | None] = []
        for _ in para:
            res = next(it)
            if res is None:
                row.append(None)
                continue
            key = (id(res[0]), res[1])
            att = cache.get(key)
            if att is None:
                att = cache[key] = Attribution(res[0].name, res[0].role, res[1])
            row.append(att)
        out.append(row)
    return out


def _carry_quotes(
    flat: Sequence[tuple[int, str]],
    infos: Sequence[_QuoteInfo],
    results: list[tuple[_Entity, str] | None],
) -> None:
    """Credit quotes spanning sentences, and bare quotes that follow a speaker."""
    group_of: list[int] = []
    gid = 0
    for i, info in enumerate(infos):
        if i and not (infos[i - 1].ends_open and info.starts_open):
            gid += 1
        group_of.append(gid)
    group_speaker: dict[int, _Entity] = {}
    for i, res in enumerate(results):
        if res is not None and res[1] == DIRECT and group_of[i] not in group_speaker:
            group_speaker[group_of[i]] = res[0]
    count = len(flat)
    for i, res in enumerate(results):
        if res is not None:
            continue
        info = infos[i]
        g = group_of[i]
        multi = (i > 0 and group_of[i - 1] == g) or (i + 1 < count and group_of[i + 1] == g)
        if multi and g in group_speaker:
            results[i] = (group_speaker[g], CONTINUED)
            continue
        prev = results[i - 1] if i else None
        if (
            prev is not None
            and info.starts_with_quote
            and info.quoted_share >= 0.6
            and flat[i - 1][0] >= flat[i][0] - 1
            and (not info.starts_open or group_of[i - 1] == g)
        ):
            results[i] = (prev[0], CONTINUED)


# --------------------------------------------------------------------------- search


_SEARCH_CLEAN_RE = re.compile(r"[^\w\s]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b")
_KEY_STOP = _words("the a an of for and in at from to")


def _nation_variants(words: Iterable[str]) -> list[str]:
    extra: list[str] = []
    for w in words:
        for alias in sorted(_NATION_ALIASES.get(w, ())):
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
        keys.update(w for w in content if w not in _DETS and len(w) > 1)
    if a.role:
        role = [w for w in _norm_words(a.role) if w not in _KEY_STOP]
        if role:
            keys.add(" ".join(role))
            keys.update(role)
    keys.update(_nation_variants(list(keys)))
    return keys
