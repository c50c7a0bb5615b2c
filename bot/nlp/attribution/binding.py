"""Who a pronoun or a bare title ("the minister") points to: the people in view."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.nlp.attribution.gender import is_first_name
from bot.nlp.attribution.lexicon import (
    AGE_RE,
    CONNECTORS,
    HON_DROP,
    HON_KEEP,
    NAME_SUFFIXES,
    NATION_ALIASES,
    STOPWORDS,
    TITLES,
    word_set,
)
from bot.nlp.attribution.phrases import Speaker
from bot.nlp.attribution.registry import Entity, Registry, name_key
from bot.nlp.attribution.subjects import opening_subject
from bot.nlp.attribution.text import is_possessive, lowered, strip_possessive

_CAPITALISED_RUN_RE = re.compile(r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*")


def quoted_names(quotations: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """The runs of capitalised words in quotations ("Harry" in '“I said to Harry ...”',
    "Clinton Foundation"), as tuples of keys, titles and honorifics left out."""
    runs: set[tuple[str, ...]] = set()
    for text in quotations:
        for run in _CAPITALISED_RUN_RE.findall(text):
            keys = tuple(
                key
                for key in (name_key(strip_possessive(w)) for w in run.split())
                if key not in TITLES and key not in HON_KEEP and key not in HON_DROP
            )
            if keys:
                runs.add(keys)
    return frozenset(runs)


def spoken_of(ent: Entity, runs: frozenset[tuple[str, ...]]) -> bool:
    """Does a quotation name ``ent``, by a first name, a surname or both?  Then ``ent``
    is the one addressed or spoken about rather than the speaker: '“I said to Harry
    ...,” he said'. A longer name holding one of its words ("the Clinton Foundation")
    is somebody or something else."""
    if not runs:
        return False
    words = {
        word
        for word in name_key(ent.name).split()
        if len(word) > 1 and word not in NAME_SUFFIXES and word not in STOPWORDS
    }
    return any(words.issuperset(run) for run in runs)


# Words opening a clause whose subject follows: "When Hewitt shook his hand, ...".
_CLAUSE_OPENING = (
    r"\b(?:[Ww]hen|[Aa]s|[Aa]fter|[Ww]hile|[Bb]efore|[Bb]ecause|[Ii]f|[Oo]nce|[Ss]ince) "
)


class Context:
    """Recent speakers and subjects, for pronoun follow-ups."""

    __slots__ = ("outside", "para_start", "recent", "reg")

    def __init__(self, reg: Registry, para_start: Sequence[int], outside: Sequence[str]) -> None:
        self.reg = reg
        self.recent: list[tuple[Entity, int, int]] = []  # (entity, paragraph, sentence)
        # The first sentence of each paragraph, for "named in this or the previous one".
        self.para_start = para_start
        # Each sentence's words outside quotations: a name only quoted is nobody in view.
        self.outside = outside

    def push(self, ent: Entity, para: int, pos: int) -> None:
        self.recent.append((ent, para, pos))

    def resolve(
        self, pronoun: str, para: int, pos: int, quoted: frozenset[tuple[str, ...]] = frozenset()
    ) -> Entity | None:
        """Who "he", "she", "they" or "it" at sentence ``pos`` points to, or None.

        The latest fitting speaker or subject of this or the previous paragraph, or of the
        one before that when no other person who could fit was named since. With no
        such speaker or subject at all, "he" or "she" goes to the one person named in
        this or the previous paragraph who can be of that gender, when known to be.
        A person the pronoun's own quotation names (``quoted``) is not its speaker.
        """
        want = {"he": "m", "she": "f"}.get(pronoun)
        for ent, p, at in reversed(self.recent):
            if p < para - 2:
                break
            if want is not None:
                if (
                    ent.kind in ("person", "name")
                    and ent.gender in (None, want)
                    and not spoken_of(ent, quoted)
                ):
                    if p < para - 1 and self._rival(ent, want, at, pos):
                        return None
                    return ent
            elif pronoun == "they":
                if ent.kind in ("group", "org"):
                    return ent
            elif ent.kind == "org":
                return ent
        if want is None:
            return None
        return self._only_one(want, self.para_start[max(0, para - 1)], pos, quoted)

    def _only_one(
        self,
        want: str | None,
        since: int,
        pos: int,
        quoted: frozenset[tuple[str, ...]] = frozenset(),
    ) -> Entity | None:
        """The one person named from sentence ``since`` up to ``pos`` who could be of
        gender ``want``, if that person is known to be of it (any person named as one
        when ``want`` is None)."""
        found: Entity | None = None
        for ent in self.reg.entities:
            if (
                ent.kind in ("person", "name")
                and (want is None or ent.gender in (None, want))
                and not spoken_of(ent, quoted)
                # not "World War"
                and (
                    ent.gender
                    or ent.role
                    or " " not in ent.name
                    or (want is None and is_first_name(ent.name.split()[0]))
                )
                and any(since <= m < pos and self._outside(ent, m) for m in ent.mentions)
            ):
                if found is not None:
                    return None
                found = ent
        if want is None:
            return found if found is not None and found.kind == "person" else None
        return found if found is not None and found.gender == want else None

    def _rival(self, ent: Entity, want: str | None, since: int, pos: int) -> bool:
        """Was another person of a fitting gender named between ``since`` and ``pos``?"""
        return any(
            other is not ent
            and other.kind in ("person", "name")
            and (want is None or other.gender in (None, want))
            and any(since < m <= pos and self._outside(other, m) for m in other.mentions)
            for other in self.reg.entities
        )

    def _outside(self, ent: Entity, pos: int) -> bool:
        """Is ``ent`` named outside quotations in sentence ``pos`` (the title: -1)?"""
        return pos < 0 or ent.name.split()[-1] in self.outside[pos]

    def title_holder(self, description: str, head: str, para: int) -> Entity | None:
        """The person in view (the latest speaker or subject of this or the two
        paragraphs before) when that person's known role is "<head>", with every
        capitalised word of ``description`` in it: "the Texas senator" for "Texas Sen.
        Ted Cruz" just named, but not when someone else came between."""
        marks = [lowered(w) for w in description.split()[1:-1] if w[:1].isupper()]
        for ent, p, _ in reversed(self.recent):
            if p < para - 2:
                break
            if ent.kind not in ("person", "name"):
                continue
            role = {_ABBREVIATED.get(w, w) for w in (lowered(x) for x in (ent.role or "").split())}
            if head in role and all(m in role for m in marks):
                return ent
            if (
                p == para
                and ent.role is None
                and ent.name[:1].isupper()
                and head not in _NOT_PERSON_HEADS
                and all(self._said_near(ent, m) for m in marks)
            ):
                # "Cruz warned against it. “...,” the Texas senator said."
                return ent
            return None
        return None

    def _said_near(self, ent: Entity, word: str) -> bool:
        """Is ``word`` ("texas") written where ``ent`` is named?"""
        return any(
            0 <= m < len(self.outside) and word in self.outside[m].lower() for m in ent.mentions
        )

    def described(self, words: Sequence[str], para: int, pos: int) -> Entity | None:
        """The person "the American", "the 28-year-old" or "the Liverpool player" (the
        phrase's ``words``) at sentence ``pos`` stands for: the latest speaker or subject
        of this or the previous paragraph, when nothing contradicts it. Contradictions:
        the sentence names that person itself, another person was named since, a gender
        the noun gives ("the Dutchman"), another age or nation known for them, or a
        capitalised word of the phrase ("Liverpool") never written where they are named.
        """
        head = lowered(words[-1])
        want = "m" if head.endswith("man") else "f" if head.endswith("woman") else None
        found: Entity | None = None
        for ent, p, at in reversed(self.recent):
            if p < para - 1:
                break
            if ent.kind in ("person", "name") and ent.name[:1].isupper():
                if self._rival(ent, None, at, pos - 1):
                    return None
                found = ent
                break
        if found is None:
            # Nobody spoke or led a sentence yet: the one person named before it.
            found = self._only_one(None, self.para_start[max(0, para - 1)], pos)
        if (
            found is None
            or pos in found.mentions
            or not (found.gender or is_first_name(found.name.split()[0]))
            or (want is not None and found.gender not in (None, want))
            or self._clause_subject_besides(found, pos)
            or not self._fits(found, words)
        ):
            return None
        return found

    def _clause_subject_besides(self, ent: Entity, pos: int) -> bool:
        """Is another person the subject of a clause opening sentence ``pos`` ("When
        Lleyton Hewitt shook his hand, the Australian said")?  Then the description may
        be theirs."""
        text = self.outside[pos]
        return any(
            other is not ent
            and other.kind in ("person", "name")
            and re.search(
                rf"{_CLAUSE_OPENING}(?:[A-Z][\w'’.-]* )*{re.escape(other.name.split()[-1])}\b", text
            )
            for other in self.reg.entities
            if pos in other.mentions
        )

    def _fits(self, ent: Entity, words: Sequence[str]) -> bool:
        """Does nothing known of ``ent`` contradict the description ``words``?"""
        head = lowered(words[-1])
        surname = re.escape(ent.name.split()[-1])
        ages = {
            int(m.group(1))
            for at in ent.mentions
            if 0 <= at < len(self.outside)
            for m in re.finditer(rf"{surname}, (\d\d?),", self.outside[at])
        }
        if AGE_RE.fullmatch(head) and ages and int(head.split("-")[0]) not in ages:
            return False
        role = {lowered(w) for w in (ent.role or "").split()}
        nations = {w for w in role if w in NATION_ALIASES}
        if head in NATION_ALIASES and nations and nations.isdisjoint({head, *NATION_ALIASES[head]}):
            return False  # "the American" is not "Russian President Vladimir Putin"
        marks = [lowered(w) for w in words[1:-1] if w[:1].isupper()]
        return all(m in role or self._said_near(ent, m) for m in marks)

    def people(self) -> list[Entity]:
        """Distinct people who have spoken or led a sentence so far."""
        seen: list[Entity] = []
        for ent, _, _ in self.recent:
            if ent.kind in ("person", "name") and ent.name[:1].isupper() and ent not in seen:
                seen.append(ent)
        return seen


# Titles held by someone speaking for another, never the person named before.
_PROXY_TITLES = word_set(
    """
    spokesman spokeswoman spokesperson official aide adviser advisor lawyer attorney
    counsel correspondent editor analyst economist presenter
    """
)
# Title words that name a post's field rather than a person: "the Islamic State said".
_NOT_PERSON_HEADS = word_set(
    """
    state security trade home foreign finance economy education energy health interior
    defence defense shadow top senior junior acting former interim outgoing incoming vice
    prime deputy general
    """
)
# Titles written short before a name: "Sen. Ted Cruz" is "the senator".
_ABBREVIATED = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "adm": "admiral",
    "capt": "captain",
    "col": "colonel",
}
# A generic title covers the specific posts it names ("the minister" for a secretary).
_TITLE_COVERS = {"minister": word_set("minister secretary chancellor")}


def definite_title(sp: Speaker) -> str | None:
    """The head of a bare definite title ("the chancellor" -> "chancellor"), else None."""
    words = sp.name.split()
    if sp.names or sp.kind != "person" or len(words) < 2 or words[0].lower() != "the":
        return None
    lows = [lowered(w) for w in words[1:]]
    if (
        any(low in CONNECTORS or is_possessive(low) for low in lows)
        or lows[-1] not in TITLES
        or lows[-1] in _PROXY_TITLES
    ):
        return None
    return lows[-1]


def holds_title(ent: Entity, head: str) -> bool:
    """Could ``ent``'s known role be called "the <head>"?"""
    if not ent.role:
        return False
    own = lowered(ent.role.split()[-1])
    return own == head or own in _TITLE_COVERS.get(head, ())


def subject_entity(
    toks: Sequence[str], lows: Sequence[str], reg: Registry, pos: int
) -> Entity | None:
    """The known person a sentence opens with, for later pronouns."""

    def known(names: list[str]) -> bool:
        return (
            name_key(" ".join(names)) in reg.by_key
            or name_key(names[-1]) in reg.by_last
            or (len(names) == 1 and is_first_name(names[0]))  # with a role: "his wife, Jane,"
        )

    found = opening_subject(toks, lows, known)
    if found is None:
        return None
    names, role, _ = found
    ent = reg.by_key.get(name_key(" ".join(names)))
    if ent is None:
        ent = reg.lookup_surname(names[-1], pos)
    if ent is None and role and len(names) == 1 and is_first_name(names[0]):
        ent = reg.person(names, role, None, pos)  # "his wife, Jane,"
    if ent is None or ent.kind not in ("person", "name"):
        return None
    if role and ent.role is None:
        ent.add_role(role)
    return ent


def entity_for(sp: Speaker, reg: Registry, pos: int, lower_mode: bool) -> Entity:
    if sp.names and not sp.role and not sp.gender and reg.names_a_thing(sp.names):
        # "the Democratic National Convention said": a body, kept as written.
        return reg.source(sp.name, "org")
    if sp.names:
        if len(sp.names) == 1 and sp.kind == "name":
            known = reg.lookup_surname(sp.names[0], pos)
            if known is not None:
                known.mentions.append(pos)
                return known
        return reg.person(sp.names, sp.role, sp.gender, pos, kind=sp.kind)
    if sp.kind == "person" and not lower_mode:
        if " " not in sp.name and sp.name[:1].isupper():
            known = reg.lookup_surname(sp.name, pos)  # "King said" after "Steve King"
            if known is not None:
                known.mentions.append(pos)
                return known
        words = sp.name.lower().split()
        if words[0] == "the" and all(w in TITLES for w in words[1:]):
            ent = reg.by_role(words[-1])
            if ent is not None:
                return ent
    return reg.source(sp.name, sp.kind)
