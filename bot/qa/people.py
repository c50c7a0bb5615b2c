"""People as identities: who a speaker question means, among everyone quoted.

"What did Smith say?" must not mix Walter Smith, the football manager, with Jacqui Smith,
the minister. Stored speakers are grouped into people by their full name (titles and
honorifics aside); a question's full name matches only that person (with the usual short
and long forms of a first name: Vince is Vincent), a bare surname picks the person most
quoted (or most quoted on the question's topic) and names the others, and "Ms Hewitt"
only a woman. A role ("the Toffees boss") finds the people the archive gives that role,
as written or in another listed form ("Everton manager").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from bot.qa.aliases import (
    Concept,
    Phrase,
    canonical_first_name,
    concepts_of,
    first_name_variants,
    nation_forms,
    tokens_of,
)
from bot.qa.question import TITLE_WORDS, SpeakerQuery
from bot.qa.rank import stem
from bot.qa.records import SentenceHit


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words before a name that are not part of it.
HONORIFICS = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady baroness baron rev reverend
    the a an
    """
)
_GENDER_OF_HONORIFIC = {
    "mr": "m", "sir": "m", "lord": "m", "baron": "m",
    "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "baroness": "f",
}  # fmt: skip
# A role with one of these is another office than the same role without it: the shadow
# chancellor is not the chancellor, nor the former minister the minister.
ROLE_QUALIFIERS = _words(
    """
    shadow former ex deputy vice assistant acting junior
    """
)
# Sources that are not people: "officials", "the report". They can answer a role
# question ("the REM spokesman") but never a name.
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

GenderOf = Callable[[str], str | None]


def name_tokens(name: str) -> tuple[str, ...]:
    """A stored name as matchable words: lower case, honorifics and articles dropped,
    joined names split as the index splits them ("kilroy", "silk")."""
    words = [w for w in tokens_of(name) if w not in HONORIFICS]
    return tuple(words)


@lru_cache(maxsize=8192)
def person_key(name: str) -> tuple[str, ...]:
    """Who a stored name is: its words, a first name in one usual form ("Vince Cable"
    and "Vincent Cable" are one person, as are "Dave" and "David Collins")."""
    if describes(name):
        # "Lord Chancellor" is not "the chancellor": a description keeps its titles.
        return tuple(w for w in tokens_of(name) if w not in _ARTICLES)
    words = name_tokens(name) or tokens_of(name)
    if len(words) < 2:
        return tuple(words)
    return (canonical_first_name(words[0]), *words[1:])


def is_person_name(name: str) -> bool:
    """Whether a stored speaker reads as a person's name (capitalised words), not a
    body or a description ("a spokesman for the company", "officials")."""
    words = _NAME_TOKEN.findall(name)
    if not words or name[:1].islower():
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in HONORIFICS)


_ARTICLES = _words("the a an")
# Words of a role that name no part of it.
_ROLE_GLUE = _words("the a an of for at in and s")


def describes(name: str) -> bool:
    """Whether a stored speaker describes someone instead of naming them ("the foreign
    secretary", "Amnesty International's chief", "Lord Chancellor")."""
    return not is_person_name(name) or all(w in TITLE_WORDS for w in name_tokens(name))


@dataclass(slots=True)
class Person:
    """Everyone a set of stored speaker names refers to, under one key."""

    key: tuple[str, ...]  # name tokens, e.g. ("walter", "smith")
    name: str  # fullest stored form, e.g. "Walter Smith"
    hits: list[SentenceHit] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)

    @property
    def statements(self) -> int:
        return len({h.sentence_id for h in self.hits})

    @property
    def role(self) -> str | None:
        """The role the archive gives this person most often."""
        return self.roles.most_common(1)[0][0] if self.roles else None

    def role_on(self, hit: SentenceHit) -> str | None:
        """The role to show beside a statement: as its article gives it, else the one
        given in the nearest article on or before its day, else the commonest."""
        if hit.speaker_role:
            # "Manager" in an article that names the club elsewhere: the fuller form the
            # archive gives the same role reads better.
            fuller = self.role
            words = set(tokens_of(hit.speaker_role))
            if fuller and words < set(tokens_of(fuller)):
                return fuller
            return hit.speaker_role
        earlier = [h for h in self.hits if h.speaker_role and h.day <= hit.day]
        if not earlier:
            return self.role
        latest = max(h.day for h in earlier)
        roles = Counter(h.speaker_role for h in earlier if h.day == latest)
        return roles.most_common(1)[0][0]


def people_of(hits: Iterable[SentenceHit]) -> list[Person]:
    """Hits grouped by who says them, most quoted first."""
    found: dict[tuple[str, ...], Person] = {}
    for hit in hits:
        if not hit.speaker:
            continue
        key = person_key(hit.speaker)
        person = found.get(key)
        if person is None:
            person = found[key] = Person(key, hit.speaker)
        elif len(hit.speaker) > len(person.name) and is_person_name(hit.speaker):
            person.name = hit.speaker
        person.hits.append(hit)
        if hit.speaker_role:
            person.roles[hit.speaker_role] += 1
    return sorted(found.values(), key=lambda p: (-p.statements, p.name))


def _first_names_match(asked: Sequence[str], stored: Sequence[str]) -> bool:
    """The asked first names are the stored ones, in usual forms; either may hold one
    more ("Juan Carlos Ferrero" is the "Carlos Ferrero" an article names), but a name
    stored without any first name is not taken for a particular one."""
    if not stored:
        return False
    stored_set = set(stored)
    asked_all = {v for word in asked for v in first_name_variants(word)}
    return all(first_name_variants(word) & stored_set for word in asked) or all(
        word in asked_all for word in stored
    )


def matches_name(query: SpeakerQuery, person: Person) -> bool:
    """Whether the person is someone the question's name can mean.

    The surname must end the person's name; any first name asked must be theirs. A
    person stored by surname alone matches a surname question only.
    """
    asked = query.name
    if not asked:
        return False
    key = person.key
    surname = asked[-1:]
    # Surnames of several words as the index splits them: "kilroy silk".
    size = len(tokens_of(" ".join(surname)))
    asked_tokens = tokens_of(" ".join(asked))
    tail = asked_tokens[-size:]
    if tuple(key[-size:]) != tuple(tail) or not is_person_name(person.name):
        return False
    firsts = asked_tokens[:-size]
    if not firsts:
        return True
    return _first_names_match(firsts, key[:-size])


_MALE_WORDS = _words("he his him himself")
_FEMALE_WORDS = _words("she her hers herself")


def gender_of(person: Person, first_name_gender: GenderOf | None) -> str | None:
    """ "m", "f" or None: from an honorific the archive gives the person ("Ms Hewitt"),
    else the first name, else the pronouns of their statements, if they clearly agree."""
    surname = person.key[-1] if person.key else ""
    for hit in person.hits:
        for text in (hit.speaker or "", hit.text):
            for match in re.finditer(rf"\b(\w+)\.? {re.escape(surname)}\b", text, re.IGNORECASE):
                honorific = match.group(1).lower()
                if honorific in _GENDER_OF_HONORIFIC and match.group(1)[:1].isupper():
                    return _GENDER_OF_HONORIFIC[honorific]
    if first_name_gender is not None and len(person.key) > 1:
        found = first_name_gender(person.key[0])
        if found:
            return found
    words = [w for hit in person.hits for w in tokens_of(hit.text)]
    male = sum(w in _MALE_WORDS for w in words)
    female = sum(w in _FEMALE_WORDS for w in words)
    if male >= 2 * female + 2:
        return "m"
    if female >= 2 * male + 2:
        return "f"
    return None


def role_stem(word: str) -> str:
    """A role word as roles are compared: stemmed, but for the forms of a verb or an
    activity ("managing director" is no manager, "management" no more)."""
    return word if word.endswith(("ing", "ment")) else stem(word)


def role_concepts(query: SpeakerQuery) -> list[Concept]:
    return concepts_of(query.role)


def named_role_words(query: SpeakerQuery) -> frozenset[str]:
    """Role words the question writes with a capital ("Everton", "RNID"): the role is
    theirs only if these match."""
    return frozenset(
        t
        for word in _NAME_TOKEN.findall(query.phrase)
        if word[:1].isupper() and word.lower() not in HONORIFICS
        for t in tokens_of(word)
    )


# How much a role concept counts where it is found: in the stored speaker's role, in the
# words around the speaker's name in the sentence itself, in the article's title; as
# asked, or in another listed form.
_STORED, _STORED_OTHER = 1.0, 0.8
_BESIDE, _BESIDE_OTHER = 0.75, 0.6
_TITLE = 0.4
_ARTICLE = 0.6  # a body word elsewhere in the article than the statement
# Below this share of the asked role, a person does not hold it.
MIN_ROLE_FIT = 0.5
# Words before a name ("Tottenham sporting director Frank Arnesen") or after it and a
# comma ("Rudolf Fischer, head of Telekom Austria's fixed line division") that describe it.
_BEFORE_WORDS = 6


def beside_name(text: str, name: str) -> str:
    """The words describing ``name`` where the text names it: the few before it (and the
    titles written with capitals in front of it), and an apposition after it."""
    key = name_tokens(name)
    if not key:
        return ""
    found = []
    for run_start, role_words, name_words, end, tokens in _name_runs(text):
        if tokens_of(" ".join(name_words))[-1:] == key[-1:]:
            found += [*_clause_before(tokens, run_start), *role_words]
            found += _apposition_after(tokens, end)
    return " ".join(found)


def office_index(concepts: Sequence[Concept]) -> int | None:
    """Which of a role's concepts is the office ("boss" of "the cairn energy boss", "head"
    of "the head of fox"): the last made of title words. The others name the body."""
    for index in range(len(concepts) - 1, -1, -1):
        if all(t in TITLE_WORDS for t in concepts[index].asked):
            return index
    return None


def capitalised_words(text: str) -> str:
    """The words of a text written with a capital, as one text."""
    return " ".join(w for w in _NAME_TOKEN.findall(text) if w[:1].isupper())


def bodies_in(concepts: Sequence[Concept], capitalised: str) -> frozenset[Phrase]:
    """The role's body words (all but the office) that an article writes somewhere with a
    capital: "Cairn Energy" in the first sentence, where the statement says only "Chief
    executive". A country is no body (the Azerbaijani minister is not any minister of an
    article that mentions Azerbaijan), nor is a word of office (foreign, energy) unless
    the article writes it within the body's name ("Cairn Energy")."""
    office = office_index(concepts)
    if office is None:
        return frozenset()
    stems = [stem(t) for t in tokens_of(capitalised)]
    present = set(stems)
    written = f" {' '.join(stems)} "
    body = [
        c for index, c in enumerate(concepts) if index != office and c.asked not in nation_forms()
    ]
    whole = " ".join(stem(t) for c in body for t in c.asked)
    found = set()
    for concept in body:
        if all(t in TITLE_WORDS for t in concept.asked):
            if len(body) > 1 and f" {whole} " in written:
                found.add(concept.asked)
        elif any(all(stem(t) in present for t in form) for form in concept.forms):
            found.add(concept.asked)
    return frozenset(found)


def role_score(
    concepts: Sequence[Concept],
    hit: SentenceHit,
    named: frozenset[str] = frozenset(),
    in_article: frozenset[Phrase] = frozenset(),
) -> float:
    """How fully a statement's speaker carries the asked role (0..1).

    A stored role that is another office (shadow, former, deputy ...) than the one asked
    matches nothing, nor does one missing a word the question writes with a capital. The
    speaker's own name carries no role word (Liam Fox is not the head of Fox). Body words
    the article writes elsewhere (``in_article``, from ``bodies_in``) count for less, and
    only when the office itself is the speaker's.
    """
    if not concepts:
        return 0.0
    # Copies of a story repeat the same sentence and speaker: each is judged once.
    return _role_score(
        tuple(concepts),
        named,
        hit.text,
        hit.title,
        hit.speaker or "",
        hit.speaker_role or "",
        hit.speaker_terms or "",
        in_article,
    )


@lru_cache(maxsize=8192)
def _role_score(
    concepts: tuple[Concept, ...],
    named: frozenset[str],
    text: str,
    title: str,
    speaker: str,
    speaker_role: str,
    speaker_terms: str,
    in_article: frozenset[Phrase],
) -> float:
    stored = tokens_of(speaker_terms)
    asked_words = {t for c in concepts for t in c.asked}
    if (set(stored) & ROLE_QUALIFIERS) - asked_words:
        return 0.0
    beside = beside_name(text, speaker)
    if _other_nation(concepts, [speaker_role, beside]):
        return 0.0
    own = {role_stem(t) for t in name_tokens(speaker)} if is_person_name(speaker) else set()
    places = (
        ({role_stem(t) for t in stored} - own, _STORED, _STORED_OTHER),
        ({role_stem(t) for t in tokens_of(beside)} - own, _BESIDE, _BESIDE_OTHER),
        ({role_stem(t) for t in tokens_of(title)} - own, _TITLE, _TITLE),
    )
    office = office_index(concepts) if in_article else None
    score = 0.0
    for index, concept in enumerate(concepts):
        forms = [[role_stem(t) for t in form] for form in concept.forms]
        best = 0.0
        for stems, exact, other in places:
            if all(s in stems for s in forms[0]):
                best = max(best, exact)
            elif any(all(s in stems for s in form) for form in forms[1:]):
                best = max(best, other)
        if best == 0.0 and concept.asked in in_article and index != office:
            if _names_a_body(speaker_role, asked_words):
                # "Wolves chairman Rick Hayward" in an article that also mentions Millwall
                # is not the Millwall chairman.
                return 0.0
            best = _ARTICLE
        elif best == 0.0 and index == office:
            return 0.0
        if best == 0.0 and named.intersection(concept.asked):
            return 0.0
        score += best
    return score / len(concepts)


def _names_a_body(role: str, asked: set[str]) -> bool:
    """Whether a stored role names its own body ("Wolves chairman"): a word written with a
    capital that is no title, no country and not one the question asks."""
    nations = {t for form in nation_forms() for t in form}
    return any(
        t not in TITLE_WORDS and t not in asked and t not in nations and t not in HONORIFICS
        for word in _NAME_TOKEN.findall(role)
        if word[:1].isupper()
        for t in tokens_of(word)
    )


_WORD_SPAN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*|[,.;:!?\"“”()]")
_NAME_GLUE = _words("de da di van von der la le bin al")


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A person the text names beside the asked role: "Spurs sporting director Frank
    Arnesen", "Rudolf Fischer, head of Telekom Austria's fixed line division"."""

    name: str
    role: str
    score: float


def role_mentions(
    text: str,
    concepts: Sequence[Concept],
    named: frozenset[str] = frozenset(),
    title: str = "",
) -> list[RoleMention]:
    """People named in the text with the asked role written beside them, and how fully
    the words there (and the article's title, for what they leave out) carry the role."""
    if not concepts:
        return []
    # Quick refusal: the office itself must be written somewhere in the text.
    stems = {role_stem(t) for t in tokens_of(text)}
    if not any(all(role_stem(t) in stems for t in form) for form in concepts[-1].forms):
        return []
    found: list[RoleMention] = []
    for run_start, role_words, name_words, end, tokens in _name_runs(text, concepts):
        if len(name_words) < 2:
            continue
        before = [*_clause_before(tokens, run_start), *role_words]
        for words in (before, _apposition_after(tokens, end)):
            score = _window_score(concepts, words, title, named) if words else 0.0
            if score >= MIN_ROLE_FIT:
                role = " ".join(_from_first_role_word(words, concepts))
                found.append(RoleMention(" ".join(name_words), role, score))
    return found


def _name_runs(
    text: str, concepts: Sequence[Concept] = ()
) -> list[tuple[int, list[str], list[str], int, list[str]]]:
    """Capitalised runs of the text (not its first word), each split into the titles in
    front ("Azerbaijani Foreign Minister") and the name ("Jeyhun Bayramov"): (start, title
    words, name words, end, all tokens)."""
    tokens = _WORD_SPAN.findall(text)
    role_words = _role_vocabulary(tuple(concepts))
    runs = []
    index = 0
    while index < len(tokens):
        start = index
        while index < len(tokens) and _name_word(tokens[index], tokens, index):
            index += 1
        # A text's first word is written with a capital anyway: it opens a run only as a
        # title before a name ("Singer Sam Endicott said").
        opens = start > 0 or (
            index - start > 2 and any(t in role_words for t in tokens_of(tokens[start]))
        )
        if index > start and opens:
            run = tokens[start:index]
            split = 0
            while split < len(run) - 1 and any(t in role_words for t in tokens_of(run[split])):
                split += 1
            runs.append((start, run[:split], run[split:], index, tokens))
        index = max(index, start + 1)
    return runs


@cache
def _role_vocabulary(concepts: tuple[Concept, ...]) -> frozenset[str]:
    """Words that make a capitalised word a title rather than a name."""
    asked = {t for c in concepts for form in c.forms for t in form}
    nations = {t for form in nation_forms() for t in form}
    return frozenset(asked | nations | TITLE_WORDS)


def _from_first_role_word(words: Sequence[str], concepts: Sequence[Concept]) -> list[str]:
    """ "said Spurs sporting director" -> "Spurs sporting director"."""
    wanted = {role_stem(t) for c in concepts for form in c.forms for t in form}
    for index, word in enumerate(words):
        if word[:1].isupper() or any(role_stem(t) in wanted for t in tokens_of(word)):
            return list(words[index:])
    return list(words)


def _name_word(token: str, tokens: Sequence[str], index: int) -> bool:
    if token.lower() in _NAME_GLUE and index + 1 < len(tokens):
        return tokens[index + 1][:1].isupper()
    return token[:1].isupper() and token.isalpha() and token.lower() not in HONORIFICS


def _clause_before(tokens: Sequence[str], start: int) -> list[str]:
    """The few words before a name, up to punctuation or the end of another name."""
    words: list[str] = []
    for token in reversed(tokens[max(0, start - _BEFORE_WORDS) : start]):
        if not token[:1].isalnum() or (token[:1].isupper() and words and words[0] == "and"):
            break
        words.insert(0, token)
    return [w for w in words if w != "and"] if words[:1] == ["and"] else words


def _apposition_after(tokens: Sequence[str], end: int) -> list[str]:
    if end >= len(tokens) or tokens[end] != ",":
        return []
    words: list[str] = []
    for token in tokens[end + 1 : end + 14]:
        if not token[:1].isalnum():
            break
        words.append(token)
    return words


def _other_nation(concepts: Sequence[Concept], words: Iterable[str]) -> bool:
    """Whether the words give another country than the one the asked role names."""
    asked = [c for c in concepts if c.asked in nation_forms()]
    if not asked:
        return False
    tokens = tokens_of(" ".join(words))
    by_first = _nations_by_first_word()
    given = {
        form
        for index, token in enumerate(tokens)
        for form in by_first.get(token, ())
        if tuple(tokens[index : index + len(form)]) == form
    }
    return bool(given) and not any(given & set(c.forms) for c in asked)


@cache
def _nations_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for form in nation_forms():
        found.setdefault(form[0], []).append(form)
    return {first: tuple(forms) for first, forms in found.items()}


def _window_score(
    concepts: Sequence[Concept], words: Sequence[str], title: str, named: frozenset[str]
) -> float:
    if _other_nation(concepts, words):
        return 0.0
    here = {role_stem(t) for w in words for t in tokens_of(w)}
    there = {role_stem(t) for t in tokens_of(title)}
    # The office itself (the role's last word) must be beside the name.
    if not any(all(role_stem(t) in here for t in form) for form in concepts[-1].forms):
        return 0.0
    score = 0.0
    for concept in concepts:
        forms = [[role_stem(t) for t in form] for form in concept.forms]
        if all(s in here for s in forms[0]):
            best = _STORED
        elif any(all(s in here for s in form) for form in forms[1:]):
            best = _STORED_OTHER
        elif any(all(s in there for s in form) for form in forms):
            best = _TITLE
        else:
            best = 0.0
        if best == 0.0 and named.intersection(concept.asked):
            return 0.0
        score += best
    return score / len(concepts)


@dataclass(frozen=True, slots=True)
class Choice:
    """Who a speaker question is taken to mean, and who else it could mean."""

    person: Person | None
    others: tuple[Person, ...] = ()


def choose_person(
    query: SpeakerQuery,
    hits: Sequence[SentenceHit],
    *,
    mentions: Sequence[RoleMention] = (),
    topic_share: Callable[[Person], float] | None = None,
    first_name_gender: GenderOf | None = None,
    bodies: Mapping[int, frozenset[Phrase]] | None = None,
) -> Choice:
    """The person the question means among the speakers of ``hits``.

    A name question keeps the people that name can mean (and of the asked sex); a role
    question the people holding that role, as their statements or the articles'
    ``mentions`` of them give it. The best is the one whose statements cover the topic
    best, then the one the role fits best, then the most quoted; the rest are offered as
    others. A person stored by surname alone joins the one full name that surname has
    among the candidates.
    """
    people = people_of(hits)
    concepts = role_concepts(query)
    named = named_role_words(query)
    mentioned = _mentions_by_person(mentions)
    fits: dict[int, float] = {}

    def fit_of(hit: SentenceHit) -> float:
        if hit.sentence_id not in fits:
            in_article = bodies.get(hit.article_id, frozenset()) if bodies else frozenset()
            fits[hit.sentence_id] = (
                role_score(concepts, hit, named, in_article) if concepts else 0.0
            )
        return fits[hit.sentence_id]

    if query.name:
        candidates = [p for p in people if matches_name(query, p)]
        candidates = _merge_surname_only(candidates)
        if query.gender:
            # Of the asked sex if known to be, else of unknown sex: never the other.
            genders = {p.key: gender_of(p, first_name_gender) for p in candidates}
            same = [p for p in candidates if genders[p.key] == query.gender]
            candidates = same or [p for p in candidates if genders[p.key] is None]
    else:
        for person in people:
            for role, _ in mentioned.get(person.key, ()):
                person.roles[role] += 1
        candidates = [
            p
            for p in people
            if p.key in mentioned or any(fit_of(h) >= MIN_ROLE_FIT for h in p.hits)
        ]
    if not candidates:
        return Choice(None)

    def rank(person: Person) -> tuple[float, float, int]:
        topic = topic_share(person) if topic_share else 0.0
        named_as = [score for _, score in mentioned.get(person.key, ())]
        fit = max([fit_of(h) for h in person.hits] + named_as, default=0.0)
        # A role question counts the times the role was given to the person.
        weight = (
            sum(1 for h in person.hits if fit_of(h) >= fit)
            + sum(1 for score in named_as if score >= fit)
            if concepts and not query.name
            else person.statements
        )
        # A role question wants the holder of that role first, then the one who spoke on
        # the topic, then the one whose role is no narrower office (the BT chief
        # executive before the head of BT's business programmes); a name question the
        # one the name means who spoke on it.
        if concepts and not query.name:
            roles = [h.speaker_role for h in person.hits if h.speaker_role and fit_of(h) >= fit]
            roles += [role for role, score in mentioned.get(person.key, ()) if score >= fit]
            whole = max((_role_coverage(concepts, r) for r in roles), default=1.0)
            return (round(fit, 3), round(topic, 3), round(whole, 3), weight)
        return (round(topic, 3), round(fit, 3), 1.0, weight)

    ordered = sorted(candidates, key=rank, reverse=True)
    return Choice(ordered[0], tuple(ordered[1:]))


def _role_coverage(concepts: Sequence[Concept], role: str) -> float:
    """The share of a role's words that the asked role holds: 1.0 for "BT chief
    executive", less for "head of the BT's business sector programmes"."""
    words = [role_stem(t) for t in tokens_of(role) if t not in _ROLE_GLUE]
    if not words:
        return 1.0
    asked = {role_stem(t) for c in concepts for form in c.forms for t in form}
    return sum(w in asked for w in words) / len(words)


def _mentions_by_person(
    mentions: Sequence[RoleMention],
) -> dict[tuple[str, ...], list[tuple[str, float]]]:
    found: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    for mention in mentions:
        found.setdefault(person_key(mention.name), []).append((mention.role, mention.score))
    return found


def _merge_surname_only(people: list[Person]) -> list[Person]:
    """Fold a person stored by surname alone into the only full name with that surname."""
    full = [p for p in people if len(p.key) > 1]
    merged: list[Person] = []
    for person in people:
        if len(person.key) == 1:
            owners = [p for p in full if p.key[-1] == person.key[0]]
            if len(owners) == 1:
                owners[0].hits.extend(person.hits)
                owners[0].roles.update(person.roles)
                continue
        merged.append(person)
    return merged


# Offices whose holders speak for someone else: "an Arsenal spokesman" in an article that
# quotes Wenger most is not Wenger.
_SPOKESPEOPLE = _words("spokesman spokeswoman spokesperson official officials source sources")
# Statements a named person needs in an article to be the one its role description
# ("the lord chancellor has said") stands for.
_MIN_OWNER_STATEMENTS = 2


def is_description(person: Person) -> bool:
    """Whether a stored speaker describes someone instead of naming them."""
    return describes(person.name)


def described_person(
    query: SpeakerQuery, description: Person, article: Sequence[SentenceHit]
) -> Person | None:
    """The named person an article's role description stands for: the first quoted after
    it, more than once, whose own role there is no other office. A story names its
    speaker by role in its opening ("the lord chancellor has said") and by name after
    ("Lord Falconer said")."""
    concepts = role_concepts(query)
    if not concepts or any(t in _SPOKESPEOPLE for c in concepts for t in c.asked):
        return None
    ids = {h.article_id for h in article}
    opening = min((h.position for h in description.hits if h.article_id in ids), default=None)
    if opening is None:
        return None
    named = [
        p
        for p in people_of(article)
        if not is_description(p) and p.statements >= _MIN_OWNER_STATEMENTS
    ]
    after = [
        (min(h.position for h in p.hits if h.position > opening), index)
        for index, p in enumerate(named)
        if any(h.position > opening for h in p.hits)
    ]
    if not after:
        return None
    owner = named[min(after)[1]]
    office = {t for form in concepts[-1].forms for t in form}
    for role in owner.roles:
        words = set(tokens_of(role))
        if words & ROLE_QUALIFIERS:
            continue
        if words & TITLE_WORDS and not words & office:
            return None
    owner.hits.extend(h for h in description.hits if h.article_id in ids)
    return owner
