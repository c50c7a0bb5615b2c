"""The main pass: every sentence of an article gets its speaker, or None."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.nlp.attribution.binding import (
    Context,
    definite_title,
    entity_for,
    holds_title,
    quoted_names,
    spoken_of,
    subject_entity,
)
from bot.nlp.attribution.cues import Sentence
from bot.nlp.attribution.lexicon import (
    AGE_RE,
    DESCRIBED_PEOPLE,
    SPEECH_NOUNS,
    STANCE_VERBS,
    STRONG_VERBS,
    VERB_FORMS,
    VERBS,
    word_set,
)
from bot.nlp.attribution.phrases import Speaker, classify_phrase
from bot.nlp.attribution.records import CONTINUED, DIRECT, REPORTED, Attribution
from bot.nlp.attribution.registry import (
    RUN_RE,
    Entity,
    Registry,
    complete_lower_names,
    name_key,
    register_lower,
    register_run,
)
from bot.nlp.attribution.scanning import (
    QUOTE_MARK_RE,
    QUOTE_STARTS,
    QuoteInfo,
    doubled_quotes_as_marks,
    quote_groups,
    scan_quotes,
)
from bot.nlp.attribution.subjects import participle_speech
from bot.nlp.attribution.text import MARKER, lowered, strip_possessive, tokenize
from bot.nlp.attribution.transcripts import signature, speaker_line
from bot.nlp.language import reads_as_english

_UPPER_WORD_RE = re.compile(r"\b[A-Z]")


# "He ...", "But she ...", and after a short opening phrase: "Later in the day, she ...".
_LEAD_PRONOUN_RE = re.compile(
    r"(?:(?:But|And|Then|So|Yet|Still|Now),? |[A-Z][^,;:.!?\"“”\ue000]{0,50}, )?"
    r"([Hh]e|[Ss]he) [a-z]"
)
# Only subject and possessive forms: "Obama backed her up" says nothing of Obama.
_MALE_WORDS = frozenset(["he", "his", "himself"])
_FEMALE_WORDS = frozenset(["she", "herself"])
_WORD_RE = re.compile(r"[A-Za-z]+")


def _colon_quote(toks: Sequence[str]) -> bool:
    """Does a colon introduce a quotation: "... apologized: “Yes, ...”"?"""
    return any(a == ":" and b == MARKER for a, b in itertools.pairwise(toks))


def _pronoun_gender(outside: str, ent: Entity, reg: Registry, pos: int) -> str | None:
    """The gender the sentence's own pronouns give its one person: "Sanders said his ..."."""
    words = {w.lower() for w in _WORD_RE.findall(outside)}
    male, female = not words.isdisjoint(_MALE_WORDS), not words.isdisjoint(_FEMALE_WORDS)
    if male == female:
        return None
    if any(other is not ent and pos in other.mentions for other in reg.entities):
        return None
    return "m" if male else "f"


_UTTERANCES = SPEECH_NOUNS | word_set("tweet tweets message letter")
# Reporting verbs that, with their subject, announce the quotation after them.
REPORTING_FORMS = (VERBS - STANCE_VERBS) | STRONG_VERBS


def _speech_before_colon(toks: Sequence[str]) -> bool:
    """Does the sentence end in a colon after naming an utterance: "made the following
    comment:", "released this statement:"?"""
    return len(toks) > 2 and toks[-1] == ":" and not _UTTERANCES.isdisjoint(toks[-5:-1])


def _own_subject(sentence: Sentence, pronoun: str, reg: Registry, pos: int) -> Entity | None:
    """The person a sentence opens with, when a colon hands over to a quotation tagged
    with a "he" or "she" that can be that person: 'Mosman saw it otherwise: “...,” he said'.
    """
    want = {"he": "m", "she": "f"}.get(pronoun)
    toks = sentence.toks
    if want is None or sentence.lower_mode or not _colon_quote(toks):
        return None
    ent = subject_entity(toks, sentence.lows, reg, pos)
    if ent is None or ent.kind != "person" or ent.gender not in (None, want):
        return None
    return ent


_JOINING = word_set("and but when as after because while since though although where that")


def _joined_subject(sentence: Sentence, pronoun: str, reg: Registry, pos: int) -> Entity | None:
    """The person a sentence opens with, for a "he" or "she" in a clause joined to it
    ("Sanders hasn't said whether ..., and he insisted ...", "Sanders appeared to
    dismiss it, when he told Clinton ..."), when nobody else is in view."""
    want = {"he": "m", "she": "f"}.get(pronoun)
    toks, lows = sentence.toks, sentence.lows
    if want is None or sentence.lower_mode:
        return None
    if not any(
        low == pronoun and k > 1 and (lows[k - 1] in _JOINING or toks[k - 1] == ",")
        for k, low in enumerate(lows)
    ):
        return None
    ent = subject_entity(toks, lows, reg, pos)
    if ent is None or ent.kind != "person" or ent.gender not in (None, want):
        return None
    return ent


def _title_cased(title: str) -> bool:
    """Is the headline Written Like This, so that capitals do not mark names in it?"""
    words = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.7 * len(words)


def attribute_speakers(
    paragraphs: Sequence[Sequence[str]], title: str | None = None
) -> list[list[Attribution | None]]:
    """Credit each sentence to the person or body saying it, or ``None``.

    ``paragraphs`` is the article body already split into paragraphs of
    sentences; the result has the same shape. ``title`` only helps name
    resolution (it may introduce "Russian President Vladimir Putin").
    """
    flat: list[tuple[int, str]] = [
        (p, doubled_quotes_as_marks(s)) for p, para in enumerate(paragraphs) for s in para
    ]
    if not flat:
        return [[] for _ in paragraphs]
    if not reads_as_english(s for _, s in flat):  # the rules read English only
        return [[None] * len(para) for para in paragraphs]
    results, unclosed = _credit(flat, title, Unclosed())
    if unclosed.narrative:
        # A quotation left open ran into the writer's own sentences: read them as such.
        results, _ = _credit(flat, title, unclosed)

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


@dataclass(slots=True)
class Unclosed:
    """What quotations left open ran into: the narrative sentences, and the speaker of
    the quoted ones before them when the quotation resumes with that speaker's tag."""

    narrative: set[int] = field(default_factory=set)
    resumed: dict[int, str] = field(default_factory=dict)


def _credit(
    flat: Sequence[tuple[int, str]], title: str | None, known: Unclosed
) -> tuple[list[tuple[Entity, str] | None], Unclosed]:
    """Each sentence's speaker and mode, and what the quotations left open ran into
    (``known``: found by an earlier reading; its narrative is read outside quotations)."""
    text = "\n".join(s for _, s in flat)
    lower_mode = text.islower() or (
        len(_UPPER_WORD_RE.findall(text, 0, 3000)) * 100 < text.count(" ", 0, 3000) + 1
    )

    reg = Registry(text)
    subjects: list[list[str] | None] = [None] * len(flat)
    bare: list[tuple[int, str]] = []
    if title and not lower_mode and not _title_cased(title):
        for m in RUN_RE.finditer(title):
            register_run(reg, title, m.start(), m.group(), -1)
    for i, (_, s) in enumerate(flat):
        if lower_mode:
            if i == 0:
                register_lower(reg, text)
                complete_lower_names(reg, text)
            continue
        for m in RUN_RE.finditer(s):
            start = m.start()
            if start and (s[start - 1].isalnum() or s[start - 1] in "'’-"):
                continue
            run = m.group()
            subj = register_run(reg, s, start, run, i)
            if subj and subjects[i] is None:
                subjects[i] = subj
            if " " not in run:
                bare.append((i, strip_possessive(run.rstrip("."))))
    # A surname alone ("Clinton's plan") is a mention of its bearer too, so that pronouns
    # and namesakes see everyone named in a sentence.
    for i, word in bare:
        ent = reg.lookup_surname(word, i)
        if ent is not None and i not in ent.mentions:
            ent.mentions.append(i)

    # Quote state, carried across sentences and into paragraphs that reopen it.
    infos: list[QuoteInfo] = []
    open_state = False
    prev_para = -1
    for i, (p, s) in enumerate(flat):
        if i in known.narrative:
            open_state = False
        if p != prev_para:
            if open_state and s.lstrip()[:1] not in QUOTE_STARTS:
                open_state = False
            prev_para = p
        info = scan_quotes(s, open_state, infos[-1].straight if infos else False)
        infos.append(info)
        open_state = info.ends_open

    para_start: list[int] = []
    for i, (p, _) in enumerate(flat):
        while len(para_start) <= p:
            para_start.append(i)
    ctx = Context(reg, para_start, [info.outside for info in infos])
    results: list[tuple[Entity, str] | None] = [None] * len(flat)
    # Speakers of bare tags ("Smith said."), whose quotations run on after them.
    tags: list[Entity | None] = [None] * len(flat)
    # Speakers announcing what follows ("Sanders made the following comment:").
    heralds: list[Entity | None] = [None] * len(flat)
    # A title speaking before any name ("..., the Trade Secretary has said."), which the
    # next person named is taken to hold.
    pending: tuple[Entity, str, int, int] | None = None
    groups = quote_groups(infos)
    # The speaker of a transcript line ("TAPPER: ...") for each sentence of its paragraph.
    lines: list[Entity | None] = [None] * len(flat)
    for i, (p, s) in enumerate(flat):
        info = infos[i]
        if i and flat[i - 1][0] == p:
            lines[i] = lines[i - 1]
        elif not lower_mode:
            names = speaker_line(s)
            if names is not None:
                lines[i] = ent = _named(reg, names, i)
                ctx.push(ent, p, i)
                results[i] = (ent, DIRECT)
                continue
        signed = None if lower_mode else signature(s)
        if signed is not None:
            ent = _named(reg, signed[0], i)
            _credit_signed_quote(i, ent, infos, groups, results)
            ctx.push(ent, p, i)
            if not signed[1]:
                continue
        hit = None
        sentence = None
        if not VERB_FORMS.isdisjoint(info.outside.split()) or ":" in info.outside:
            sentence = Sentence(tokenize(info.outside), reg, lower_mode)
            hit = sentence.find()
        if hit is None:
            ent = None
            if not lower_mode and info.outside[:1].isupper():
                if sentence is None:
                    sentence = Sentence(tokenize(info.outside), reg, lower_mode)
                ent = subject_entity(sentence.toks, sentence.lows, reg, i)
            subj = subjects[i]
            if ent is None and subj:
                ent = reg.by_key.get(name_key(" ".join(subj)))
                if ent is None and len(subj) == 1:
                    ent = reg.lookup_surname(subj[0], i)
            if ent is None and not lower_mode:
                # "He started with a story. Then he described ...": keep the person in view.
                pronoun = _LEAD_PRONOUN_RE.match(info.outside)
                if pronoun is not None:
                    ent = ctx.resolve(pronoun.group(1).lower(), p, i)
            if ent is None and sentence is not None and not lower_mode:
                source = _source_from(sentence, reg, i)
                if source is not None:
                    ctx.push(source, p, i)
            if ent is not None:
                ctx.push(ent, p, i)
                if ent.gender is None:
                    ent.gender = _pronoun_gender(info.outside, ent, reg, i)
                if sentence is not None:
                    said, direct = participle_speech(sentence.toks, sentence.lows)
                    if not said:
                        joined = sentence.coordinated()
                        said, direct = joined is not None, bool(joined)
                    if said:
                        results[i] = (ent, DIRECT if direct else REPORTED)
                    elif _colon_quote(sentence.toks):
                        # "Clinton has since apologized: “Yes, I should have ...”"
                        results[i] = (ent, DIRECT)
                    elif _speech_before_colon(sentence.toks) or (
                        not info.has_quote
                        and STANCE_VERBS.isdisjoint(sentence.lows)
                        and not REPORTING_FORMS.isdisjoint(sentence.lows[1:])
                    ):
                        # "Sanders made the following comment:", "Bystrom agreed.", "Howard
                        # continued his remarks.": the quotation that follows is theirs
                        heralds[i] = ent
            continue
        sp = hit.speaker
        if sp.kind == "pronoun":
            # "Mosman saw it differently: “...,” he said": the sentence's own subject first.
            found = _own_subject(sentence, sp.name, reg, i) if sentence is not None else None
            if found is None:
                found = ctx.resolve(sp.name, p, i)
            if found is None and sentence is not None:
                # "Sanders hasn't said whether he has a plan, and he insisted ..."
                found = _joined_subject(sentence, sp.name, reg, i)
            if found is None:
                continue
            if info.has_quote:
                found = _not_spoken_of(found, sp.name, i, p, groups, infos, results, ctx)
                if found is None:
                    continue
            ent = found
            mode = DIRECT if hit.direct else CONTINUED
        else:
            ent = entity_for(sp, reg, i, lower_mode)
            mode = DIRECT if hit.direct else REPORTED
            if hit.alias and not sp.names:
                reg.alias(hit.alias, ent)
            head = None if lower_mode else definite_title(sp)
            if head is not None and ent not in reg.entities:
                people = ctx.people()
                holder = ctx.title_holder(sp.name, head, p)
                if holder is not None:
                    # "the Texas senator" for the latest person in view with that post.
                    ent = holder
                elif len(people) == 1 and holds_title(people[0], head):
                    # "the minister" when the one person in view holds such a post.
                    ent = people[0]
                elif not people:
                    pending = (ent, sp.name.split(" ", 1)[1], p, i)
            elif not lower_mode and ent not in reg.entities and described_person(sp):
                # "said the American", "the 28-year-old added": the person in view.
                ent = ctx.described(sp.name.split(), p, i) or ent
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
                    reg.by_key["\x00" + name_key(src.name)] = ent
                    for k, res in enumerate(results):
                        if res is not None and res[0] is src:
                            results[k] = (ent, res[1])
                pending = None
        ctx.push(ent, p, i)
        if sp.kind != "pronoun" and sum(w in VERB_FORMS for w in info.outside.split()) > 1:
            last = sentence.last_speaker() if sentence is not None else None
            if last is not None:
                other = entity_for(last, reg, i, lower_mode)
                if other is not ent and other.kind in ("person", "name"):
                    ctx.push(other, p, i)  # the later speaker is the one in view
        if hit.tag_only:
            # "“Is that fair?” / Smith said.": the tag speaks for the quotation before it.
            tags[i] = ent
            if i and infos[i - 1].has_quote and not infos[i - 1].ends_open:
                if results[i - 1] is not None and results[i - 1][1] == CONTINUED:
                    results[i - 1] = None
                _credit_signed_quote(i, ent, infos, groups, results)
            continue
        results[i] = (ent, mode)
        if sp.kind != "pronoun" and ent.gender is None and ent.kind in ("person", "name"):
            ent.gender = _pronoun_gender(info.outside, ent, reg, i)

    for i, ent in enumerate(lines):
        if ent is not None and results[i] is None:
            results[i] = (ent, CONTINUED)
    unclosed = _close_unclosed(flat, infos, groups, results)
    for i, name in known.resumed.items():
        ent = reg.by_key.get(name_key(name))
        if ent is not None and results[i] is None:
            results[i] = (ent, CONTINUED)
    _carry_quotes(flat, infos, groups, results, tags, heralds, reg, unclosed.narrative)
    return results, unclosed


def _not_spoken_of(
    found: Entity,
    pronoun: str,
    i: int,
    para: int,
    groups: Sequence[int],
    infos: Sequence[QuoteInfo],
    results: Sequence[tuple[Entity, str] | None],
    ctx: Context,
) -> Entity | None:
    """The speaker of '“I said to Harry ...,” he said' when "he" fell on Harry: a person the
    quotation names is the one addressed or spoken of, so the pronoun goes to the one
    who has been speaking in this or the previous paragraph instead, if there is one
    (people also speak of themselves by name: then ``found`` stays)."""
    span = _group_span(groups, i)
    quoted = quoted_names(infos[j].inside for j in range(span.start, i + 1) if infos[j].has_quote)
    if not spoken_of(found, quoted):
        return found
    other = ctx.resolve(pronoun, para, i, quoted)
    since = ctx.para_start[max(0, para - 1)]
    if other is None or not any(res is not None and res[0] is other for res in results[since:i]):
        return None
    return other


# What a person may be the source of: "One dissenting opinion came from Brian Gammage".
_SOURCED = SPEECH_NOUNS | word_set(
    """
    opinion opinions view views criticism support backing praise response reaction
    objection objections opposition protest protests plea appeal tribute tributes
    """
)


def _source_from(sentence: Sentence, reg: Registry, i: int) -> Entity | None:
    """The person a view or a statement comes from when the sentence has nobody else as
    its subject ("One dissenting opinion came from Brian Gammage, of Gartner.", "There
    was criticism from Labour MP Jo Li."): the one in view for a "he said" after it."""
    lows, toks = sentence.lows, sentence.toks
    for k, low in enumerate(lows):
        if low != "from" or _SOURCED.isdisjoint(lows[max(0, k - 3) : k]):
            continue
        after = toks[k + 1 : k + 8]
        for ent in reg.entities:
            if (
                ent.kind == "person"
                and i in ent.mentions
                and ent.name.split()[-1] in after
                and not any(
                    other is not ent and i in other.mentions and other.kind == "person"
                    for other in reg.entities
                )
            ):
                return ent
        return None
    return None


def described_person(sp: Speaker) -> bool:
    """Is the speaker phrase a person described instead of named: "the American", "the
    28-year-old", "the Liverpool player"?"""
    words = sp.name.split()
    if sp.names or sp.kind not in ("person", "org") or len(words) < 2 or words[0] != "the":
        return False
    head = lowered(words[-1])
    return (head in DESCRIBED_PEOPLE or AGE_RE.fullmatch(head) is not None) and all(
        w[:1].isupper() or AGE_RE.fullmatch(w) or lowered(w) in DESCRIBED_PEOPLE
        for w in words[1:-1]
    )


def _group_span(groups: Sequence[int], i: int) -> range:
    """The sentences of the quotation sentence ``i`` belongs to."""
    start = i
    while start and groups[start - 1] == groups[i]:
        start -= 1
    end = i + 1
    while end < len(groups) and groups[end] == groups[i]:
        end += 1
    return range(start, end)


def _named(reg: Registry, names: list[str], pos: int) -> Entity:
    """The person a transcript label or a signature names ("TAPPER", "President Obama")."""
    sp = classify_phrase(names, False, True)
    if sp is not None and sp.names:
        names = sp.names
    if len(names) == 1:
        known = reg.lookup_surname(names[0], pos)
        if known is not None:
            return known
    return reg.person(names, sp.role if sp else None, None, pos, kind="person")


def _credit_signed_quote(
    i: int,
    ent: Entity,
    infos: Sequence[QuoteInfo],
    groups: Sequence[int],
    results: list[tuple[Entity, str] | None],
) -> None:
    """'“...” ― Jane Roe': the quotation that ends just before the signature is hers."""
    if i == 0 or not infos[i - 1].has_quote:
        return
    group = groups[i - 1]
    j = i - 1
    while j >= 0 and groups[j] == group and results[j] is None:
        results[j] = (ent, DIRECT if j == i - 1 else CONTINUED)
        j -= 1


def _own_tag(info: QuoteInfo) -> bool:
    """Does a reporting verb follow the sentence's quotation ('“...,” mused Jo Li')?  Then
    the quotation is that tag's, even when its speaker could not be read."""
    after = info.outside.split(MARKER, 1)[-1]
    return not VERB_FORMS.isdisjoint(after.split())


def _across_one(
    i: int,
    flat: Sequence[tuple[int, str]],
    infos: Sequence[QuoteInfo],
    results: Sequence[tuple[Entity, str] | None],
    reg: Registry,
) -> bool:
    """Is sentence ``i`` a bare quotation after one narrative sentence that follows a
    quotation of the same paragraph (or, when that sentence names the speaker, of the
    paragraphs just before), with nobody else named in between?"""
    if i < 2 or flat[i - 2][0] < flat[i][0] - 2:
        return False
    same = flat[i - 2][0] == flat[i - 1][0] == flat[i][0]
    before = results[i - 2]
    if before is None or before[1] == REPORTED or before[0].kind not in ("person", "name"):
        return False
    if results[i - 1] is not None or infos[i - 1].has_quote or not infos[i - 2].has_quote:
        return False
    if not same and i - 1 not in before[0].mentions:
        return False  # across paragraphs only when the sentence between names them
    return not any(
        ent is not before[0] and i - 1 in ent.mentions
        for ent in reg.entities
        if ent.kind in ("person", "name")
    )


def _within(sentence: str, info: QuoteInfo) -> bool:
    """Is the whole sentence inside a quotation opened before it, with no mark of its own?"""
    return info.starts_open and info.ends_open and not QUOTE_MARK_RE.search(sentence)


def _close_unclosed(
    flat: Sequence[tuple[int, str]],
    infos: Sequence[QuoteInfo],
    groups: list[int],
    results: Sequence[tuple[Entity, str] | None],
) -> Unclosed:
    """The sentences a quotation never closed has run into, read as narrative.

    '“The main concern is my age. Bosvelt joined City in 2003. But his dedication
    impressed Kevin Keegan. “He is an unsung hero,” said Keegan.': a sentence within the
    open quotation that names its speaker (or the one speaking just before it) in the
    third person is the writer's again, when no closing mark follows before the quotation
    opens again or the paragraph ends. It and the sentences after it, up to the next
    quotation mark, leave the quotation; from that mark on a new quotation begins. When
    the quotation left open names no speaker of its own and the narrative names the one
    whose tag closes that new quotation ('McClaren's only criticism was ... “It should
    have been more,” said McClaren.'), the quotation left open is taken to be theirs too.
    """
    found = Unclosed()
    fresh = max(groups, default=0) + 1
    i = 0
    while i < len(flat):
        span = _group_span(groups, i)
        if len(span) < 2:
            i = span.stop
            continue
        before = [results[span.start - 1]] if span.start else []
        people = [
            res[0]
            for res in (*before, *(results[j] for j in span))
            if res is not None and res[0].kind in ("person", "name")
        ]
        at, k = -1, span.start + 1
        while k < span.stop:
            if not (_within(flat[k][1], infos[k]) and any(k in ent.mentions for ent in people)):
                k += 1
                continue
            at = k
            while k < span.stop and _within(flat[k][1], infos[k]):
                k += 1
            # Left open: the quotation never closes, or opens again, after the narrative.
            if k == span.stop or flat[k][1].lstrip()[:1] in QUOTE_STARTS:
                break
            at = -1
        if at < 0:
            i = span.stop
            continue
        tag = next(
            (res[0] for j in range(k, span.stop) if (res := results[j]) and res[1] == DIRECT),
            None,
        )
        opened_by = any(results[j] is not None for j in range(span.start, at))
        if tag is not None and at in tag.mentions and not opened_by:
            found.resumed.update((j, tag.name) for j in range(span.start, at) if results[j] is None)
        for j in range(at, k):
            found.narrative.add(j)
            groups[j] = fresh
            fresh += 1
        for j in range(k, span.stop):
            groups[j] = fresh
        fresh += 1
        i = k
    return found


def _carry_quotes(
    flat: Sequence[tuple[int, str]],
    infos: Sequence[QuoteInfo],
    group_of: Sequence[int],
    results: list[tuple[Entity, str] | None],
    tags: Sequence[Entity | None],
    heralds: Sequence[Entity | None],
    reg: Registry,
    narrative: set[int],
) -> None:
    """Credit quotes spanning sentences, and bare quotes that follow a speaker or a tag;
    never the ``narrative`` sentences that a quotation left open ran into."""
    named_at = {m for ent in reg.entities for m in ent.mentions}
    group_speaker: dict[int, Entity] = {}
    for i, res in enumerate(results):
        if res is not None and res[1] == DIRECT and group_of[i] not in group_speaker:
            group_speaker[group_of[i]] = res[0]
    count = len(flat)
    for i, res in enumerate(results):
        if res is not None or i in narrative:
            continue
        info = infos[i]
        g = group_of[i]
        multi = (i > 0 and group_of[i - 1] == g) or (i + 1 < count and group_of[i + 1] == g)
        if multi and g in group_speaker:
            results[i] = (group_speaker[g], CONTINUED)
            continue
        prev = results[i - 1] if i else None
        if prev is None and i and tags[i - 1] is not None and flat[i - 1][0] == flat[i][0]:
            prev = (tags[i - 1], DIRECT)
        if prev is None and i and heralds[i - 1] is not None:
            prev = (heralds[i - 1], DIRECT)
        if prev is None and _across_one(i, flat, infos, results, reg):
            # '“...,” said Robin Maynard. He has worked there 24 years. “But I like it.”'
            prev = results[i - 2]
        # After a quotation in the same paragraph, a sentence opening with a quotation of
        # its own words continues it ('"...," which Smith thinks ...'), not with a title.
        lead = i > 0 and flat[i - 1][0] == flat[i][0] and prev is not None and prev[1] != REPORTED
        if (
            prev is not None
            and info.starts_with_quote
            and not _own_tag(info)
            and (info.quoted_share >= 0.6 or (lead and info.lead_words >= 5))
            and flat[i - 1][0] >= flat[i][0] - 1
            and (not info.starts_open or group_of[i - 1] == g)
        ):
            results[i] = (prev[0], CONTINUED)
        elif (
            prev is not None
            and prev[1] != REPORTED
            and info.has_quote
            and info.quoted_share >= 0.4
            and flat[i - 1][0] == flat[i][0]
            and infos[i - 1].has_quote
            and i not in named_at
        ):
            # '“It is enormous,” said Jo Li. Unless rivals quit, “he cannot be stopped.”'
            results[i] = (prev[0], CONTINUED)
