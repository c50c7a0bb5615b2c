"""Subject phrases: where a speaker phrase starts and ends, and what kind of speaker it names."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.nlp.attribution.gender import is_first_name
from bot.nlp.attribution.lexicon import (
    AGE_RE,
    ALL_PRONOUNS,
    BOUNDARY_WORDS,
    CLAUSE_VERBS,
    CONNECTORS,
    DESCRIPTORS,
    DETS,
    GROUPS,
    HON_DROP,
    HON_KEEP,
    MONTHS,
    NAME_SUFFIXES,
    NOT_ROLE_NOUNS,
    NP_BREAK,
    NP_STOP,
    ORDINAL_RE,
    ORG_WORDS,
    PARTICLES,
    PARTIES,
    PRONOUNS,
    RIGHT_STOP,
    STOPWORDS,
    TITLE_SURNAMES,
    TITLES,
    VERBS,
    WEEKDAYS,
    word_set,
)
from bot.nlp.attribution.text import (
    MARKER,
    is_cap,
    is_plural,
    is_possessive,
    is_word,
    join_words,
    lowered,
    verbish,
)

if TYPE_CHECKING:
    from bot.nlp.attribution.registry import Registry


_HOMONYMS = MONTHS | VERBS | word_set("may will")


def name_homonym(words: Sequence[str], lows: Sequence[str], i: int, before_name: bool) -> bool:
    """Is the capitalised word at ``i`` a name that is also a common word: "Theresa May",
    "Ai Jun", "Hope Hicks", "Will Estrada"?  Only beside another word of the name."""
    if not is_cap(words[i]) or lows[i] not in _HOMONYMS:
        return False
    if before_name:
        return lows[i] not in MONTHS and is_first_name(words[i].rstrip("."))
    prev = lows[i - 1] if i else ""
    return (
        i > 0
        and not before_name
        and is_cap(words[i - 1])
        and prev not in STOPWORDS
        and prev not in TITLES
        and prev not in HON_DROP
    )


_POST_NOMINALS = word_set("mp mep msp am mla qc kc obe cbe mbe kbe phd md esq")


def post_nominal(words: Sequence[str], lows: Sequence[str]) -> int:
    """How many titles follow a name at the end of the phrase ("Jane Roe MP", "Jo Li QC")."""
    k = len(words)
    while k > 1 and lows[k - 1] in _POST_NOMINALS and words[k - 1][:1].isupper():
        k -= 1
    return len(words) - k if k < len(words) and is_cap(words[k - 1]) else 0


def _title_surname(words: Sequence[str], lows: Sequence[str], i: int) -> bool:
    """Is the title word at ``i`` a surname: "Steve King", "Martin Luther King Jr."?

    Only at the end of the name (before "Jr." and the like) and after a first name;
    "King Abdullah" and "Saudi King Salman" keep their title.
    """
    if i < 1 or lows[i] not in TITLE_SURNAMES or not is_cap(words[i]):
        return False
    if any(low not in NAME_SUFFIXES for low in lows[i + 1 :]):
        return False
    before = words[i - 1].rstrip(".")
    return lows[i - 1] not in TITLES and (
        is_first_name(before) or (len(before) == 1 and before.isupper())
    )


def name_run_start(
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
        if low in PARTICLES and n > i and (i > 1 or words[0] == low):  # "de Blasio"
            i -= 1
            continue
        if (low in TITLES or low in STOPWORDS or low in HON_DROP or low in HON_KEEP) and (
            lower_mode
            or not (
                name_homonym(words, lows, i - 1, i < n)
                or _title_surname(words, lows, i - 1)
                or (words[i - 1] == "A." and 1 < i < n)  # "Jill A. Martin"
            )
        ):
            break
        if i < n and is_possessive(low):
            break
        if lower_mode:
            if n - i >= 3:
                break
        elif not is_cap(words[i - 1]):
            break
        i -= 1
    if after_body and i > 0 and n - i >= 3 and lows[i - 1] == "the":
        i += 1
    if not lower_mode and n - i >= 3 and not _name_starts(words, lows, i):
        # "Senate Intelligence Ranking Democrat Dianne Feinstein", "Pastor Joseph Brown":
        # the name starts at the first name, not at the capitals before it.
        for f in range(i + 1, n - 1):
            if _name_starts(words, lows, f):
                return f
    return i


def _name_starts(words: Sequence[str], lows: Sequence[str], f: int) -> bool:
    """Does a personal name start at ``f``: a first name, and no title or body after it?"""
    low = lows[f]
    if low in DESCRIPTORS or is_role_noun(low) or not is_first_name(words[f]):
        return False
    return not any(w in TITLES or w in ORG_WORDS for w in lows[f + 1 :])


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee", "ive")


def is_role_noun(low: str) -> bool:
    """A noun for what a person is or does: "spokesman", "strategist", "shop owner"."""
    if low in TITLES or low in DESCRIPTORS:
        return True
    if low in NOT_ROLE_NOUNS or low in STOPWORDS or len(low) < 5:
        return False
    return low.endswith(_AGENT_ENDINGS) and low.replace("-", "").isalpha()


def role_text(words: Sequence[str], lows: Sequence[str]) -> str | None:
    """A title phrase ("Azerbaijan's foreign minister"), or None if it is not one."""
    if not words or not any(low in TITLES for low in lows):
        return None
    for tok, low in zip(words, lows, strict=True):
        if low in ALL_PRONOUNS or low in NP_STOP or verbish(tok, low):
            return None
    if lows[0] in ("the", "a", "an", "his", "her", "their", "its", "our"):
        words = words[1:]
    return join_words(words) if words else None


@dataclass(slots=True)
class Speaker:
    """A parsed subject phrase before it is matched to an entity."""

    kind: str  # "pronoun", "person", "name", "group", "org"
    name: str
    names: list[str]
    role: str | None = None
    gender: str | None = None


@dataclass(slots=True)
class Hit:
    speaker: Speaker
    direct: bool
    alias: str | None = None
    # The sentence is only a tag ("Smith said on Monday."): what was said is elsewhere.
    tag_only: bool = False


def affiliation_start(words: Sequence[str], lows: Sequence[str]) -> int:
    """Where "of ..." starts after a person's name ("Jo Li of the Acme Institute",
    "Rep. Lee Zeldin of New York"), or 0; "Secretary of State Jo Li" keeps its "of"."""
    for c in range(1, len(words) - 1):
        if lows[c] not in CONNECTORS:
            continue
        run = c
        while (
            run > 0
            and is_cap(words[run - 1])
            and (lows[run - 1] not in TITLES or _title_surname(words[:c], lows[:c], run - 1))
        ):
            run -= 1  # "Rep. Peter T. King of New York"
        name = [w.rstrip(".") for w in words[run:c]]
        if not name or lows[c - 1] in ORG_WORDS:
            return 0
        before = lows[run - 1] if run else ""
        titled = before in TITLES or before in HON_DROP or before in HON_KEEP
        if len(name) >= 2 or titled:
            return c
        return 0
    return 0


def classify_phrase(words: list[str], lower_mode: bool, sentence_start: bool) -> Speaker | None:
    """Turn a subject phrase into a speaker description, or reject it."""
    if not words or len(words) > 12:
        return None
    lows = [lowered(t) for t in words]
    cut = affiliation_start(words, lows)
    if cut:
        words, lows = words[:cut], lows[:cut]
    if len(words) > 9:
        return None
    if len(words) == 1 and lows[0] in PRONOUNS:
        return Speaker("pronoun", lows[0], [])
    for low in lows:
        if low in ALL_PRONOUNS or low in NP_STOP:
            return None
    if all(low in DETS or low.isdigit() for low in lows):
        return None

    for h, low in enumerate(lows):
        if low in HON_DROP or low in HON_KEEP:
            name = words[h + 1 :]
            if not name or len(name) > 4 or any(lowered(t) in CONNECTORS for t in name):
                return None
            if low in HON_KEEP:
                name = [words[h], *name]
            names = [t.rstrip(".") for t in name]
            role = join_words(words[:h]) if any(w in TITLES for w in lows[:h]) else None
            gender = HON_DROP.get(low) or HON_KEEP.get(low)
            return Speaker("person", " ".join(names), names, role, gender)

    def as_written() -> str:
        text = join_words(words)
        if sentence_start and not lower_mode and (lows[0] in DETS or lows[0] in GROUPS):
            text = text[:1].lower() + text[1:]
        return text

    det = lows[0] in DETS or lows[0].isdigit()
    post = post_nominal(words, lows)
    if post:
        # "Former minister Jane Roe MP": the title after the name joins the role.
        sp = classify_phrase(list(words[:-post]), lower_mode, sentence_start)
        if sp is not None and sp.names:
            sp.role = join_words([*(sp.role.split() if sp.role else []), *words[-post:]])
            sp.kind = "person"
        return sp
    begin = name_run_start(words, lows, lower_mode)
    if begin < len(words) and lows[-1] not in PARTIES:  # "a New Hampshire Democrat"
        before = lows[begin - 1] if begin else ""
        if before not in CONNECTORS and before not in DETS and (begin or not det):
            name, prefix, plows = words[begin:], words[:begin], lows[:begin]
            head = lows[-1]
            if head in ORG_WORDS or (len(name) == 1 and head in GROUPS):
                return Speaker("group" if head in GROUPS else "org", as_written(), [])
            # A role noun right before the name ("Sanders campaign manager Jeff Weaver",
            # "Clinton campaign Chairman John Podesta", "said 9/11 widow Terry Strada"), or
            # any lower-case noun before a first name ("said neurosurgeon Ben Carson"), lets
            # modifiers stand before it; but "the government of President Jo Li" is a body.
            last = plows[-1] if plows else ""
            described = (
                bool(plows)
                and (
                    (is_role_noun(last) and (not is_cap(prefix[-1]) or last in TITLES))
                    or last in PARTIES  # "Oversight ranking Democrat Elijah Cummings"
                    or (
                        not is_cap(prefix[-1])
                        and len(name) >= 2
                        and is_first_name(name[0])
                        and not any(low in STOPWORDS for low in plows[1:])
                        and (plows[0] in DETS or plows[0] not in STOPWORDS)
                    )
                )
            )
            # "an angry Hollande": an article and an adjective before a name, no role
            mood = (
                not described
                and len(plows) == 2
                and plows[0] in ("a", "an", "the")
                and not is_cap(prefix[1])
                and plows[1] not in STOPWORDS
                and not verbish(prefix[1], plows[1])
                and not is_plural(plows[1])  # "the plans Hale praised"
            )
            if mood:
                return Speaker(
                    "name", " ".join(t.rstrip(".") for t in name), [t.rstrip(".") for t in name]
                )
            if described and any(
                not is_cap(tok) and low not in TITLES and nxt in CONNECTORS
                for tok, low, nxt in zip(prefix, plows, plows[1:], strict=False)
            ):
                return None
            if not lower_mode:
                for tok, low in zip(prefix, plows, strict=True):
                    # Other lower-case words before a name must be titles ("party leader").
                    if (
                        not is_cap(tok)
                        and low not in TITLES
                        and low not in CONNECTORS
                        and low not in DESCRIPTORS
                        and not AGE_RE.fullmatch(low)
                        and not ORDINAL_RE.fullmatch(low)  # "Air Force 1st Lt. Jo Li"
                        and not (low in DETS and tok is prefix[0])
                        # (-ed and -ing words reach here only after the verb: "said
                        # undecided voter Jo Li", as a subject walk stops at them)
                        and not (described and low not in CLAUSE_VERBS and low not in ALL_PRONOUNS)
                    ):
                        return None
            if lower_mode and len(name) > 3:
                return None
            has_title = described or any(low in TITLES for low in plows)
            if plows and plows[0] in DETS:
                prefix = prefix[1:]
            role = join_words(prefix) if has_title else None
            names = [t.rstrip(".") for t in name]
            if lower_mode and not has_title and len(names) == 1 and lows[-1] in STOPWORDS:
                return None
            return Speaker("person" if has_title else "name", " ".join(names), names, role)

    # Descriptive sources: "the company", "a spokesman for the Kremlin", "analysts at
    # the bank". Without an article, the words before any "of"/"at" must be a title,
    # a group or capitalised.
    head_i = next((i for i, low in enumerate(lows) if low in CONNECTORS), len(lows)) - 1
    if not det and not lower_mode:
        for tok, low in zip(words[: head_i + 1], lows[: head_i + 1], strict=True):
            if not (is_cap(tok) or low in TITLES or low in GROUPS):
                return None
    if head_i < 0 or lows[head_i] in DETS:
        return None
    head = lows[head_i]
    if head in TITLES or head in PARTIES:
        kind = "person"
    elif is_plural(head) and head not in ORG_WORDS:
        kind = "group"
    else:
        kind = "org"
    return Speaker(kind, as_written(), [])


def collect_left(toks: Sequence[str], lows: Sequence[str], end: int) -> tuple[list[str], int]:
    """Walk left from ``end`` (exclusive) over a subject phrase; return it and the stop index."""
    picked: list[str] = []
    k = end - 1
    while k >= 0 and len(picked) < 12:
        tok = toks[k]
        if not is_word(tok):
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
        if (
            low in NP_BREAK or low in WEEKDAYS or low in MONTHS or verbish(tok, low)
        ) and not name_homonym(toks, lows, k, bool(picked) and is_cap(picked[-1])):
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
    if not picked or len(picked) > 3 or lowered(picked[0]) not in TITLES:
        return False
    if not all(is_cap(t) for t in picked) or k < 1:
        return False
    prev = toks[k - 1]
    return is_word(prev) and is_cap(prev) and not is_possessive(lows[k - 1])


def relative_clause(toks: Sequence[str], lows: Sequence[str], k: int) -> int:
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


def boundary_ok(
    toks: Sequence[str],
    lows: Sequence[str],
    k: int,
    reg: Registry,
    lower_mode: bool,
    first: str = "",
) -> bool:
    """Is the word before a subject (starting ``first``) a clause edge, not "was" or "which"?"""
    if k < 0:
        return True
    tok = toks[k]
    if tok == MARKER:
        return True
    if not is_word(tok):
        return tok in ",;:—–-(.!?"
    low = lows[k]
    if low not in BOUNDARY_WORDS:
        return False
    if low == "and" and k > 0:
        prev = toks[k - 1]
        # "Aliyev and Pashinyan said" is a joint subject, not one speaker.
        if is_word(prev) and (
            (
                not lower_mode
                and is_cap(prev)
                and (k > 1 or (is_cap(first) and first.lower() not in GROUPS))
            )
            or lows[k - 1] in reg.by_last
        ):
            return False
    return True


def right_np(toks: Sequence[str], lows: Sequence[str], vi: int) -> tuple[list[str], int]:
    """The phrase after a verb or "according to", and where it stops."""
    picked: list[str] = []
    j = vi + 1
    n = len(toks)
    limit = 9
    affiliation = False  # after "Jo Li of": "of digital consulting firm IMGE"
    while j < n and len(picked) < limit:
        tok = toks[j]
        if not is_word(tok):
            break
        low = lows[j]
        if (
            low in RIGHT_STOP
            or low in NP_BREAK
            or low in WEEKDAYS
            or (verbish(tok, low) and not affiliation and not _describes_name(toks, lows, j))
        ) and not (
            j + 1 < n and is_cap(toks[j + 1]) and name_homonym(toks, lows, j, True)
        ):  # "said Will Doyle"
            break
        if low == "of" and len(picked) >= 2 and is_cap(picked[-1]) and is_cap(picked[-2]):
            affiliation, limit = True, 12
        picked.append(tok)
        j += 1
    return picked, j


def _describes_name(toks: Sequence[str], lows: Sequence[str], j: int) -> bool:
    """Is the -ed/-ing word at ``j`` a modifier in a description before a name: "said
    undecided Republican voter Jo Li", "said Oversight ranking Democrat Jo Li"?"""
    for k in range(j + 1, min(len(toks), j + 5)):
        if not is_word(toks[k]) or lows[k] in NP_BREAK or lows[k] in RIGHT_STOP:
            return False
        if is_cap(toks[k]):
            return True
    return False


def appositive(toks: Sequence[str], lows: Sequence[str], j: int) -> str | None:
    """Read a role from an appositive after a name: "said Jo Li, chief executive of Acme"."""
    if j >= len(toks) or toks[j] != ",":
        return None
    k = j + 1
    while k < len(toks) and is_word(toks[k]) and k - j <= 9:
        if lows[k] in NP_BREAK and lows[k] not in CONNECTORS:
            return None
        k += 1
    return role_text(toks[j + 1 : k], lows[j + 1 : k])


_GROUP_EDGES = frozenset({",", ";", ":", ".", "!", "?", MARKER, "—", "–", "(", ")"})
_PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][\w.]*\.?")
PARENTHETICAL_LEADS = word_set(
    "in on at after before during like unlike for from with without despite amid among "
    "speaking writing asked pressed however though too also meanwhile himself herself "
    "themselves"
)


def _party_member(words: Sequence[str], lows: Sequence[str]) -> bool:
    """Is the group a party and a state: "Republican of Ohio", "Democrat from Texas"?"""
    return (
        3 <= len(words) <= 5
        and lows[0] in PARTIES
        and lows[1] in ("of", "from")
        and is_cap(words[0])
        and is_cap(words[2])
    )


def _group_kind(words: Sequence[str], lows: Sequence[str]) -> str:
    """How a comma-set group between a name and its verb reads.

    "role" (a/the + noun phrase, "president of the fund"), "skip" (an age, a party
    tag like "R-Ky." or "Republican of Ohio", "in the wake of the poll"), or "other"
    (anything else: a clause).
    """
    if all(w.isdigit() for w in words) or (len(words) <= 2 and _PARTY_TAG_RE.fullmatch(words[0])):
        return "skip"
    if _party_member(words, lows):
        return "skip"
    first = lows[0]
    if first in PARENTHETICAL_LEADS:
        return "skip"
    if first in DETS or first in ("a", "an", "the") or is_possessive(first):
        return "role"
    if not is_cap(words[0]) and (is_role_noun(first) or len(words) > 1):
        return "role"
    if (any(low in TITLES for low in lows) and not is_cap(words[-1])) or lows[-1] in TITLES:
        return "role"
    return "other"


def appositive_role(words: Sequence[str], lows: Sequence[str]) -> str | None:
    """The role an appositive gives: "a former Fed governor who argued ..." -> "former Fed
    governor"; None when it names no role noun."""
    end = len(words)
    for i, (tok, low) in enumerate(zip(words, lows, strict=True)):
        if low in ("who", "whose", "which", "that") or (i and verbish(tok, low)):
            end = i
            break
    words, lows = list(words[:end]), list(lows[:end])
    if lows and (lows[0] in ("a", "an", "the") or lows[0] in _OWNER_WORDS):
        words, lows = words[1:], lows[1:]
    if not words or len(words) > 16:
        return None
    head = next((i for i, low in enumerate(lows) if low in CONNECTORS), len(lows)) - 1
    if head < 0 or not (is_role_noun(lows[head]) or lows[head] in TITLES):
        return None
    return join_words(words)


_OWNER_WORDS = frozenset(["his", "her", "their", "its", "our"])


def looks_personal(names: Sequence[str], known: Callable[[str], bool]) -> bool:
    """Is this a person's name: a first name the name list knows, or a known surname?"""
    return (len(names) >= 2 and is_first_name(names[0])) or known(names[-1])


def name_before_appositives(
    toks: Sequence[str],
    lows: Sequence[str],
    comma: int,
    lower_mode: bool,
    known: Callable[[str], bool],
) -> tuple[list[str], int, str | None] | None:
    """The subject of ``Name, appositive(s), said``: (its words, index before it, role).

    "Mike Shields, president of the fund, a super PAC, said", "Sen. Rand Paul, R-Ky.,
    told", "Ari Fleischer, 56, said", and the title first: "the firm's chief executive,
    John Smith, said". Up to four groups are read leftwards from the comma before the
    verb; every group between the verb and the name must be an appositive, and the name
    must be a person's, so a clause or a list of names gives None.
    """
    groups: list[tuple[int, int]] = []
    right = comma
    for _ in range(4):
        j = right - 1
        while j >= 0 and right - j <= 30:
            if toks[j] == ")":
                opening = next((o for o in range(j - 1, max(-1, j - 9), -1) if toks[o] == "("), -1)
                if opening >= 0:
                    j = opening - 1
                    continue
            if toks[j] in _GROUP_EDGES:
                break
            j -= 1
        if j == right - 1 or (j >= 0 and toks[j] not in _GROUP_EDGES):
            return None
        groups.append((j + 1, right))
        if j < 0 or toks[j] != ",":
            break
        right = j
    role: str | None = None
    aged = False  # "Suu Kyi, 70, said": an age or a party marks a person
    for gi, (a, b) in enumerate(groups):
        words, lows_g = _unbracketed(toks[a:b]), _unbracketed(lows[a:b])
        if not words:
            return None
        kind = _group_kind(words, lows_g)
        subject, k = collect_left(toks, lows, b)
        # "As Jo Li, the party's No. 2, put it": the subject may follow "as".
        opened = k == a - 1 or (k == a and (lows[k] == "as" or lows[k] in BOUNDARY_WORDS))
        # The group that opens the clause may read as a role ("the economist Jo Li, a
        # former adviser, wrote"): it is the subject all the same.
        leftmost = gi == len(groups) - 1
        as_led = k == a and lows[k] == "as"  # "Or, as Tom Ridge, a former secretary, put it"
        if opened and subject and is_cap(subject[-1]) and (kind == "other" or leftmost or as_led):
            sp = classify_phrase(subject, lower_mode, k < 0)
            if sp is not None and sp.names and sp.kind in ("person", "name"):
                if not (sp.role or role or sp.gender or aged or looks_personal(sp.names, known)):
                    continue  # "from Leeds, West Yorkshire, says": a place
                if role is None and gi + 1 < len(groups) and gi == 0:
                    # "the firm's chief executive, John Smith, said"
                    pa, pb = groups[gi + 1]
                    if pa == 0 or toks[pa - 1] in (MARKER, ":"):
                        # "As the firm's chief, Jo Li, put it": "as" opens the clause
                        opener = pa if lows[pa] == "as" and pb - pa > 1 else -1
                        start = pa if opener < 0 else pa + 1
                        role = appositive_role(toks[start:pb], lows[start:pb])
                        if role is not None:
                            k = pa - 1 if opener < 0 else opener
                return subject, k, sp.role or role
        if kind == "other":
            return None
        if kind == "role" and role is None:
            role = appositive_role(words, lows_g)
        aged = aged or all(w.isdigit() for w in words) or _party_member(words, lows_g)
    return None


def _unbracketed(words: Sequence[str]) -> list[str]:
    """The words outside brackets: "Jack Reed (D-R.I.)" -> "Jack Reed"."""
    out: list[str] = []
    depth = 0
    for word in words:
        if word == "(":
            depth += 1
        elif word == ")":
            depth = max(0, depth - 1)
        elif not depth:
            out.append(word)
    return out


def with_role(sp: Speaker | None, role: str | None) -> Speaker | None:
    if sp is not None and role and sp.names:
        sp.role = role
        sp.kind = "person"
    return sp
