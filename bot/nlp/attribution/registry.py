"""The people and bodies named in an article, so that short mentions find the full name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlp.attribution.gender import first_name_gender, is_first_name, title_gender
from bot.nlp.attribution.lexicon import (
    ED_ING_OK,
    GROUPS,
    HON_DROP,
    HON_KEEP,
    NAME_SUFFIXES,
    NATION_ALIASES,
    OPENERS,
    ORG_WORDS,
    PARTICLES,
    PARTIES,
    STOPWORDS,
    TITLES,
)
from bot.nlp.attribution.phrases import affiliation_start, name_run_start, post_nominal
from bot.nlp.attribution.text import is_possessive, join_words, lowered, strip_possessive

_TITLE_ALT = "|".join(sorted((t for t in TITLES if "-" not in t), key=len, reverse=True))
_CAP_WORD = r"[A-Z][\w'’\-]*(?:\.(?=\s))?"
RUN_RE = re.compile(
    rf"{_CAP_WORD}"
    rf"(?:\s+(?:(?:of|for|de|da|di|du|van|von|der|den|al|bin|ibn|la|le|del)\s+)?"
    rf"(?:{_CAP_WORD}|(?:{_TITLE_ALT})\b))*"
)
_LOWER_WORD_RE = re.compile(r"(?<![\w'’.-])[a-z][a-z]+(?![\w'’-])")
_LEAD_CONJ_RE = re.compile(r"(?:But|And|Yet|So|Still|Then|Now|Meanwhile)\s+")
_JOINT_AFTER_RE = re.compile(r"\s*(?:,|&|and\b|nor\b|or\b)")


@dataclass(slots=True)
class Entity:
    name: str
    role: str | None
    kind: str  # "person", "name" (person or body, unknown), "group", "org"
    gender: str | None
    mentions: list[int]

    def add_role(self, role: str | None) -> None:
        """Keep the fullest title seen, since later mentions are often shortened."""
        if role and (self.role is None or len(role) > len(self.role)):
            self.role = role


def name_key(name: str) -> str:
    return name.lower().replace(".", "").replace("’", "'")


def _core(keys: list[str]) -> list[str]:
    """Name keys without a closing "Jr." or "III", so that the surname comes last."""
    end = len(keys)
    while end > 1 and keys[end - 1] in NAME_SUFFIXES:
        end -= 1
    return keys[:end]


def _clash(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b


class Registry:
    """Everyone named in the article, so short mentions resolve to full names."""

    __slots__ = ("_common", "_text", "by_key", "by_last", "entities")

    def __init__(self, text: str = "") -> None:
        self.by_key: dict[str, Entity] = {}
        self.by_last: dict[str, list[Entity]] = {}
        self.entities: list[Entity] = []
        self._text = text
        self._common: frozenset[str] | None = None

    @property
    def common(self) -> frozenset[str]:
        """Words the article also writes in lower case: "war", "convention", "despite"."""
        if self._common is None:
            self._common = frozenset(_LOWER_WORD_RE.findall(self._text))
        return self._common

    def _plain(self, word: str) -> bool:
        """Is a capitalised word an ordinary one: the article also writes it in lower
        case, or it opens sentences ("Despite", "Perhaps", "Sadly"), and it is no first
        name?"""
        low = lowered(word)
        return (
            low in self.common
            or low in OPENERS
            or low in STOPWORDS
            or (low.endswith("ly") and len(low) > 4)
        ) and not is_first_name(word.rstrip("."))

    def without_lead(self, names: list[str]) -> list[str]:
        """A name that opens a sentence without the ordinary words capitalised before
        it: "Despite Rubio" -> "Rubio", "Western Pacific" -> "Pacific"."""
        k = 0
        while k < len(names) - 1 and self._plain(names[k]):
            k += 1
        return names[k:] if k else names

    def names_a_thing(self, names: Sequence[str]) -> bool:
        """Does a capitalised run with no title, honorific or first name name a thing or a
        description rather than a person: "National Convention", "World War", "New
        Hampshire Democrat"?  Its last word is an ordinary word of the article or a party."""
        if len(names) < 2 or is_first_name(names[0].rstrip(".")):
            return False
        last = lowered(names[-1])
        return last in PARTIES or last in self.common

    def _index(self, ent: Entity) -> None:
        self.by_key[name_key(ent.name)] = ent
        last = _core(name_key(ent.name).split())[-1]
        for key in {last, last.split("-")[0]}:
            bucket = self.by_last.setdefault(key, [])
            if ent not in bucket:
                bucket.append(ent)

    def knows_surname(self, token: str) -> bool:
        """Has a person of this surname, with a title or a known gender, been named?"""
        return any(
            ent.kind == "person" and (ent.role or ent.gender)
            for ent in self.by_last.get(name_key(token), ())
        )

    def lookup_surname(self, token: str, pos: int, gender: str | None = None) -> Entity | None:
        """The person called ``token`` (of ``gender``, when known).

        Between namesakes (Donald and Ivanka Trump, a senator and a police chief), the one
        named most often so far, the later on a tie: a bare surname is the article's main
        bearer of it.
        """
        cands = [e for e in self.by_last.get(name_key(token), ()) if not _clash(e.gender, gender)]
        if len(cands) < 2:
            return cands[0] if cands else None
        best, best_score = cands[0], (-1, -2)
        for ent in cands:
            seen = [m for m in ent.mentions if m <= pos]
            score = (len(seen), max(seen, default=-2))
            if score > best_score:
                best, best_score = ent, score
        return best

    def person(
        self,
        names: Sequence[str],
        role: str | None,
        gender: str | None,
        pos: int,
        kind: str = "person",
    ) -> Entity:
        name = " ".join(names)
        if gender is None and len(names) >= 2:
            gender = first_name_gender(names[0])
        if gender is None and role:
            gender = title_gender(role.split())
        ent = self.by_key.get(name_key(name))
        if ent is None and len(names) == 2 and names[0].lower() in HON_KEEP:
            # "Sir Alan" after "Sir Alan Reed" is the same knight.
            prefix = name_key(name) + " "
            ent = next((e for e in self.entities if name_key(e.name).startswith(prefix)), None)
        if ent is None:
            low = _core([name_key(t) for t in names])
            cands = self.by_last.get(low[-1], [])
            if len(low) == 1:
                ent = self.lookup_surname(low[0], pos, gender) if cands else None
            else:
                for cand in cands:
                    # "Trump" named before becomes "Donald Trump", never "Ivanka Trump".
                    ctoks = _core(name_key(cand.name).split())
                    if not _clash(cand.gender, gender) and (
                        ctoks == low[-len(ctoks) :] or low == ctoks[-len(low) :]
                    ):
                        ent = cand
                        break
            if ent is not None and len(name) > len(ent.name):
                if self.by_key.get(name_key(ent.name)) is ent:
                    # The short form is looked up by surname from now on, among namesakes.
                    del self.by_key[name_key(ent.name)]
                ent.name = name
                self._index(ent)
        if ent is None:
            ent = Entity(name, None, kind, gender, [])
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

    def source(self, name: str, kind: str) -> Entity:
        key = "\x00" + name_key(name)
        ent = self.by_key.get(key)
        if ent is None:
            ent = Entity(name, None, kind, None, [])
            self.by_key[key] = ent
        return ent

    def alias(self, short: str, ent: Entity) -> None:
        """Let an abbreviation given in brackets name the same body later on."""
        key = name_key(short)
        for variant in (key, "the " + key):
            self.by_key.setdefault("\x00" + variant, ent)

    def by_role(self, head: str) -> Entity | None:
        """The one person whose title ends in ``head`` ("the minister")."""
        found: Entity | None = None
        for ent in self.entities:
            if ent.role and ent.role.lower().split()[-1] == head:
                if found is not None:
                    return None
                found = ent
        return found


def register_run(reg: Registry, s: str, start: int, run: str, pos: int) -> list[str] | None:
    """Record the names in a capitalised run; return a name that opens the sentence."""
    subject: list[str] | None = None
    at_start = start == 0 or (start < 12 and _LEAD_CONJ_RE.fullmatch(s, 0, start) is not None)
    if at_start and _JOINT_AFTER_RE.match(s, start + len(run)):
        at_start = False
    if run.isupper() and " " in run:
        return None  # a heading in capitals ("FULL TEXT"), not a name
    if " " not in run:
        # One word: too little to register, but it may be the subject ("Putin spoke").
        if at_start and run.lower() not in STOPWORDS:
            return [run.rstrip(".")]
        return None
    words = run.split()
    if (
        len(words) >= 3
        and s[max(0, start - 4) : start].lower() == "the "
        and not any(lowered(w) in TITLES for w in words)
    ):
        # "the Treasury Paul Boateng": a body before the name, not a first name.
        words = words[1:]
    # Lower-case titles just before the run: "former president Barack Obama".
    if start > 1 and s[start - 1] == " ":
        before = s[max(0, start - 40) : start].split()
        extra: list[str] = []
        while before and before[-1].lower() in TITLES:
            extra.append(before.pop())
        if extra:
            words = extra[::-1] + words
    seg: list[str] = []
    segments: list[list[str]] = []
    for tok in words:
        low = lowered(tok)
        if (
            low in STOPWORDS
            and low not in TITLES
            and low not in PARTICLES
            and not (low in ("of", "for") and seg)
            and not (tok == "A." and seg)  # "Jill A. Martin"
        ):
            if seg:
                segments.append(seg)
            seg = []
        else:
            seg.append(tok)
    if seg:
        segments.append(seg)
    for si, seg in enumerate(segments):
        seg[-1] = strip_possessive(seg[-1])
        lows = [lowered(t) for t in seg]
        cut = affiliation_start(seg, lows)
        if cut:
            seg, lows = seg[:cut], lows[:cut]  # "Sen. Ted Cruz of Texas"
        post = post_nominal(seg, lows)
        if post:
            seg, lows = seg[:-post], lows[:-post]  # "Jane Roe MP"
        begin = name_run_start(seg, lows, lower_mode=False)
        if begin == len(seg) or lows[-1] in ORG_WORDS:
            continue
        name = seg[begin:]
        prefix, plows = seg[:begin], lows[:begin]
        gender = None
        if plows and (plows[-1] in HON_DROP or plows[-1] in HON_KEEP):
            hon = plows[-1]
            gender = HON_DROP.get(hon) or HON_KEEP.get(hon)
            if hon in HON_KEEP:
                name = [prefix[-1], *name]
            prefix, plows = prefix[:-1], plows[:-1]
        role = join_words(prefix) if any(low in TITLES for low in plows) else None
        names = [t.rstrip(".") for t in name]
        if not (role or gender):
            if start == 0 and si == 0 and begin == 0:
                plain = reg.without_lead(names)
                if len(plain) < len(names):
                    names, begin = plain, -1  # no longer what the sentence opens with
            if reg.names_a_thing(names):
                continue
        if role or gender or len(names) >= 2:
            reg.person(names, role, gender, pos)
        if (at_start and si == 0 and begin == 0) or (at_start and si == 0 and role):
            subject = names
    return subject


def register_lower(reg: Registry, text: str) -> None:
    """Names in lower-cased text: after an honorific or a run of title words."""
    words = text.split()
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        hon = w.rstrip(".")
        if (hon in HON_DROP or hon in HON_KEEP) and i + 1 < n:
            surname = strip_possessive(words[i + 1].rstrip('.,;:!?"”’)'))
            if surname.isalpha() and surname not in STOPWORDS and surname not in TITLES:
                ent = reg.person([surname], None, HON_DROP.get(hon) or HON_KEEP.get(hon), -1)
                if hon in HON_KEEP and " " not in ent.name:
                    ent.name = f"{hon} {surname}"
            i += 1
            continue
        if w not in TITLES:
            i += 1
            continue
        j = i + 1
        while j < n and (words[j] in TITLES or (words[j] == "of" and j + 1 < n)):
            j += 1
        if j + 1 < n and words[j - 1] != "of":
            first = words[j]
            last = strip_possessive(words[j + 1].rstrip('.,;:!?"”’)'))
            if (
                first.isalpha()
                and last.replace("-", "").isalpha()
                and not any(
                    x in STOPWORDS
                    or x in TITLES
                    or x in GROUPS
                    or x in HON_DROP
                    or (x.endswith(("ed", "ing", "ly")) and x not in ED_ING_OK)
                    for x in (first, last)
                )
            ):
                reg.person([first, last], " ".join(words[i:j]), None, -1)
        i = j


def complete_lower_names(reg: Registry, text: str) -> None:
    """Give "mr blair" the first name seen elsewhere ("tony blair has rejected ...")."""
    for ent in list(reg.entities):
        if " " in ent.name:
            continue
        pattern = re.compile(rf"\b([a-z][\w'’\-]*)\s+{re.escape(ent.name)}\b")
        for m in pattern.finditer(text):
            first = m.group(1)
            if not (
                first in STOPWORDS
                or first in TITLES
                or first in HON_DROP
                or first in HON_KEEP
                or first in GROUPS
                or first in NATION_ALIASES
                or is_possessive(first)
                or first.endswith(("ed", "ing", "ly"))
            ):
                reg.person([first, ent.name], None, None, -1)
                break
