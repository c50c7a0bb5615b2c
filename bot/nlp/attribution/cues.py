"""Reporting cues: the verb, "according to" and colon patterns that tie speech to a speaker."""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.attribution.lexicon import (
    ADV_SKIP,
    ALL_PRONOUNS,
    ASK_TAIL,
    ASK_VERBS,
    CONNECTORS,
    DETS,
    FINITE,
    INVERTIBLE,
    MONTHS,
    NOT_SOURCES,
    PARTICIPLES,
    PARTICLE_VERBS,
    PARTICLES,
    RIGHT_STOP,
    SPEECH_NOUNS,
    STANCE_PARTICIPLES,
    STANCE_VERBS,
    STOPWORDS,
    STRONG_VERBS,
    TITLES,
    TRAIL_VERBS,
    VERBS,
    WEEKDAYS,
    word_set,
)
from bot.nlp.attribution.phrases import (
    Hit,
    Speaker,
    appositive,
    boundary_ok,
    classify_phrase,
    collect_left,
    is_role_noun,
    looks_personal,
    name_before_appositives,
    relative_clause,
    right_np,
    role_text,
    with_role,
)
from bot.nlp.attribution.registry import Registry, name_key
from bot.nlp.attribution.text import (
    MARKER,
    is_cap,
    is_possessive,
    is_word,
    join_words,
    lowered,
    strip_possessive,
)


def _tail_ok(
    toks: Sequence[str], lows: Sequence[str], vi: int, verb: str, trailing: bool
) -> tuple[bool, bool]:
    """Does what follows the verb make it speech?  Returns (ok, a quotation follows)."""
    n = len(toks)
    strong = verb in STRONG_VERBS or verb in STANCE_VERBS
    if vi + 1 >= n:
        return trailing or strong, False
    if trailing and toks[vi + 1] == "," and verb not in STANCE_VERBS:
        # set off by commas: "Loyalty, he noted, is a core tenet"; or handing over to a
        # quotation: "Asked about it, Jo Li said, “...”"
        return True, vi + 2 < n and toks[vi + 2] == MARKER
    for j in range(vi + 1, min(n, vi + 10)):
        tok = toks[j]
        if tok == MARKER:
            return True, j <= vi + 3 or toks[j - 1] in (":", ",")
        if tok == ":":
            return True, j + 1 < n and toks[j + 1] == MARKER
        low = lows[j]
        if low == "that":
            return True, False
        if verb in ASK_VERBS and low in ASK_TAIL:
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
    if lows[vi] in TRAIL_VERBS:
        return False
    for j in range(vi + 1, min(len(toks), vi + 13)):
        if not is_word(toks[j]) or (lows[j] in VERBS and lows[j - 1] == "who"):
            # a reporting verb between owns the clause: "responding to Jo Li who said ..."
            return False
        if lows[j] in FINITE:
            return j >= vi + 2 and lows[j - 1] not in ("to", "who", "which")
    return False


# Words that open the tail of a bare tag: "said on Monday", "told reporters".
_TAG_LEADS = word_set(
    "on in at during after before to from via through later earlier again also recently "
    "yesterday today tonight last this reporters journalists supporters"
)


_BE = word_set("is are was were")
_GO = word_set("went goes go going gone")
# Verbs that name a thing in the speaker's words: 'what Smith called “a disaster”'.
_NAMING_VERBS = word_set("called calls call dubbed dubs termed terms described describes")
_COORDINATORS = word_set("and but")
_PERIODS = word_set("week month year weekend night morning afternoon evening")
_SUBORDINATORS = word_set("when after before as because while since although though once")


def _progressive(low: str) -> str | None:
    """The reporting verb an -ing form belongs to: "promising" -> "promised"."""
    if not low.endswith("ing") or len(low) < 6:
        return None
    stem = low[:-3]
    for form in (stem + "ed", stem + "d", stem + "s", stem + "es", stem + "ied"):
        if form in VERBS:
            return form
    return None


def _nothing_said(toks: Sequence[str], lows: Sequence[str], vi: int) -> bool:
    """Is what follows the verb only a short tag ("said on Monday.", "told reporters.")?"""
    tail = [low for tok, low in zip(toks[vi + 1 :], lows[vi + 1 :], strict=True) if is_word(tok)]
    if MARKER in toks or ":" in toks[vi + 1 :] or len(tail) > 10:
        return False
    if (
        tail
        and tail[0] not in _TAG_LEADS
        and tail[0] not in WEEKDAYS
        and tail[0] not in MONTHS
        and not (tail[0].endswith("ly") and len(tail[0]) > 4)  # "asked rhetorically"
    ):
        return False
    return not any(low in FINITE or low in VERBS or low == "that" for low in tail)


def _after_a_place(toks: Sequence[str], lows: Sequence[str], comma: int) -> bool:
    """Does the comma close "Jo Li of Columbia", so that a place may follow it?  Not
    "In an interview on Fox, Cruz said"."""
    if comma < 1 or not is_cap(toks[comma - 1]):
        return False
    g = comma - 1
    while g > 0 and is_word(toks[g - 1]):
        g -= 1
    return is_cap(toks[g]) and any(low in ("of", "from") for low in lows[g:comma])


def _hands_over(toks: Sequence[str], lows: Sequence[str], vi: int, k: int) -> bool:
    """Does a verb of manner ("continued", "joked") hand over to a quotation: "He
    continued, “...”", "Cruz continued:" before a quoted paragraph, or "Cruz continued."
    standing alone after one?"""
    after = toks[vi + 1 : vi + 3]
    return after in ([",", MARKER], [":", MARKER], [":"]) or (
        k < 0 and lows[vi] in INVERTIBLE and _nothing_said(toks, lows, vi)
    )


_OPENING_PREPOSITIONS = word_set("in at on during after before from with")


def _name_closing(words: Sequence[str]) -> Speaker | None:
    """The person named at the end of an opening phrase with no comma: "In a Bloomberg
    interview Trump" -> Trump."""
    start = len(words)
    while start > 1 and is_cap(words[start - 1]):
        start -= 1
    if start == len(words) or start < 2:
        return None
    sp = classify_phrase(list(words[start:]), False, False)
    return sp if sp is not None and sp.names and sp.kind in ("person", "name") else None


def _as_clause_end(toks: Sequence[str], lows: Sequence[str], vi: int) -> int:
    """Where "As Smith said ..." ends: the comma or colon within a few words, else -1."""
    for j in range(vi + 1, min(len(toks), vi + 8)):
        if toks[j] in (",", ":"):
            return j
        if not is_word(toks[j]) or lows[j] in FINITE or lows[j] == "that":
            return -1
    return -1


class Sentence:
    """Outside-quotation tokens of one sentence and the patterns found in them."""

    __slots__ = ("lower_mode", "lows", "reg", "toks")

    def __init__(self, toks: list[str], reg: Registry, lower_mode: bool) -> None:
        self.toks = toks
        self.lows = [t.lower() if t[-1] != "." else lowered(t) for t in toks]
        self.reg = reg
        self.lower_mode = lower_mode

    def find(self) -> Hit | None:
        """First reporting pattern in the sentence that names a usable speaker."""
        toks, lows = self.toks, self.lows
        n = len(toks)
        # A stance verb's subject ("Trump plans to ...") gives way to a tag closing the
        # sentence: "..., Ben Carson said Monday."
        stance: Hit | None = None
        for vi in range(n):
            low = lows[vi]
            if low == "according" and vi + 1 < n and lows[vi + 1] == "to":
                hit = self._according(vi + 1)
                if hit:
                    return hit
                continue
            if is_cap(toks[vi]):
                if vi == 0 and low in VERBS and low not in STANCE_VERBS:
                    hit = self._opening_verb()  # 'Said Jo Li, “We were proud.”', "Stated Li:"
                    if hit:
                        return hit
                continue
            if low in ("put", "puts") and vi + 1 < n and lows[vi + 1] == "it":
                # "As Jo Li put it, ..."
                hit = self._left(vi + 1, self._skip_adverbs(vi - 1) + 1, "put")
                if hit:
                    return hit
                continue
            if low in PARTICLE_VERBS and vi > 1 and lows[vi - 1] in PARTICLE_VERBS[low]:
                # "Sanders shot back, “...”": as "continued", before a quotation only
                that = lows[vi + 1 : vi + 2] == ["that"]  # "Clinton fired back that ..."
                hit = self._left(
                    vi, self._skip_adverbs(vi - 2) + 1, "said" if that else "continued"
                )
                if hit:
                    return hit
                continue
            if (low in PARTICIPLES or _progressive(low) is not None) and vi >= 3:
                hit = self._with_participle(vi)
                if hit:
                    return hit  # "..., with Sen. John McCain calling it a “Chinese menu.”"
            if low in PARTICIPLES and vi >= 2 and lows[vi - 1] == "by" and is_word(toks[vi - 2]):
                # "Husted continued by saying, “...”", "Li responded by calling it a sham"
                hit = self._left(vi, self._skip_adverbs(vi - 3) + 1, "said")
                if hit:
                    return hit
                continue
            verb = low if low in VERBS else _progressive(low)
            if verb is None:
                continue
            j = self._skip_adverbs(vi - 1)
            if verb != low:
                # "Smith is now promising ...": only after a form of "be".
                if j < 0 or lows[j] not in _BE:
                    continue
                j = self._skip_adverbs(j - 1)
            if stance is not None:
                if verb not in STANCE_VERBS and self._closing_tag(vi, j):
                    hit = self._left(vi, j + 1, verb)
                    if hit:
                        return hit
            else:
                hit = self._left(vi, j + 1, verb)
                if hit:
                    if verb in STANCE_VERBS:
                        stance = hit
                        continue
                    return hit
            if j >= 0 and toks[j] in (MARKER, ","):
                after_quote = toks[j] == MARKER or (j > 0 and toks[j - 1] == MARKER)
                # After a quotation any reporting verb may come first: '"...," admitted Jo.'
                if (after_quote and low not in STRONG_VERBS - INVERTIBLE) or (
                    low in ("said", "says", "added")
                ):
                    hit = self._inverted(vi, after_quote)
                    if hit:
                        return hit
                elif low not in STANCE_VERBS and low not in TRAIL_VERBS:
                    # "..., noted NBC's Dante Chinni.": a person closing the sentence
                    hit = self._inverted(vi, False)
                    if hit and hit.speaker.names and self._ends_after_name(vi):
                        return hit
        return stance or self._colon() or self._possessed()

    def _ends_after_name(self, vi: int) -> bool:
        """Does the sentence end right after the phrase that follows the verb at ``vi``
        (or after its appositive)?"""
        toks = self.toks
        _, j = right_np(toks, self.lows, vi)
        if j < len(toks) and toks[j] == ",":
            j += 1
            while j < len(toks) and is_word(toks[j]):
                j += 1
        return j >= len(toks) - 1

    def last_speaker(self) -> Speaker | None:
        """The named speaker of the last reporting verb, for a sentence that holds two
        ("While Clinton pledged ..., Sanders insisted that ..."): the one in view after it."""
        toks, lows = self.toks, self.lows
        for vi in range(len(toks) - 1, 1, -1):
            low = lows[vi]
            if low not in VERBS or is_cap(toks[vi]):
                continue
            hit = self._left(vi, self._skip_adverbs(vi - 1) + 1, low)
            if hit is not None:
                return hit.speaker if hit.speaker.names else None
        return None

    def _closing_tag(self, vi: int, j: int) -> bool:
        """Is the verb at ``vi`` a tag closing the sentence after a comma or a quotation:
        "..., Ben Carson said Monday."?"""
        toks, lows = self.toks, self.lows
        _, k = collect_left(toks, lows, j + 1)
        if k < 0 or toks[k] not in (",", MARKER) or MARKER in toks[vi:]:
            return False
        tail = [
            low for tok, low in zip(toks[vi + 1 :], lows[vi + 1 :], strict=True) if is_word(tok)
        ]
        return len(tail) <= 6 and not any(
            low in FINITE or low in VERBS or low == "that" for low in tail
        )

    def _possessed(self) -> Hit | None:
        """A named person's speech noun: "Trump's claim that ...", 'Li's warning: “...”'."""
        toks, lows = self.toks, self.lows
        for ni in range(1, len(toks) - 1):
            if lows[ni] not in SPEECH_NOUNS or not is_possessive(lows[ni - 1]):
                continue
            nxt = toks[ni + 1]
            if lows[ni + 1] != "that" and nxt != MARKER and nxt != ":":
                continue
            owner = toks[ni - 1]
            if not is_cap(owner):
                continue
            words, k = collect_left(toks, lows, ni - 1)
            words.append(strip_possessive(owner))
            if not all(is_cap(w) for w in words) or not boundary_ok(toks, lows, k, self.reg, False):
                continue
            sp = classify_phrase(words, self.lower_mode, k < 0)
            if sp is not None and sp.names and sp.kind in ("person", "name"):
                return Hit(sp, nxt != "that")
        return None

    def _skip_adverbs(self, j: int) -> int:
        """Walk left over adverbs and days between a subject and its verb."""
        toks, lows = self.toks, self.lows
        while j >= 0:
            w = lows[j]
            if w in ADV_SKIP or (
                not self.lower_mode and w.endswith("ly") and len(w) > 4 and not is_cap(toks[j])
            ):
                j -= 1
            elif w in WEEKDAYS:
                j -= 1
                if j >= 0 and lows[j] in ("on", "late", "early", "last"):
                    j -= 1
            elif w in _PERIODS and j > 0 and lows[j - 1] in ("last", "this", "earlier", "later"):
                j -= 2  # "Smith last week said"
            elif w == "to" and j > 1 and lows[j - 1] == "on" and lows[j - 2] in _GO:
                j -= 3  # "Smith went on to say"
            else:
                break
        return j

    def _left(self, vi: int, end: int, verb: str) -> Hit | None:
        toks, lows, reg, lm = self.toks, self.lows, self.reg, self.lower_mode
        words, k = collect_left(toks, lows, end)
        if words and is_possessive(lows[end - 1]):
            return None  # "Smith's plans": a noun, not a verb
        if words and k >= 0 and lows[k] in PARTICLES and is_cap(words[0]):
            words, k = [toks[k], *words], k - 1  # "de Blasio said"
        alias = None
        if words and toks[end - 1] == ")":
            # "the British Chamber of Commerce (BCC) said": later "the BCC" is the same body.
            j = end - 2
            while j > 0 and toks[j] != "(":
                j -= 1
            inner = toks[j + 1 : end - 1]
            if inner and all(is_word(t) for t in inner):
                alias = " ".join(inner)
        role: str | None = None
        if not words and k == end - 1 and k >= 2 and lows[k] == "who":
            # "Mike Lee, who declared in the spin room, “...”", "Tory spokesman Julian
            # Lewis who said ...": the person before "who"
            hit = self._who(vi, k - 1 if toks[k - 1] == "," else k, verb)
            if hit is not None:
                return hit
        rel = relative_clause(toks, lows, k) if not words and k == end - 1 else -1
        if rel > 0:
            # "Lehmann, whose rivalry with Kahn was not helped by the result, said", and
            # with appositives before "who": "Jo Li, 59, of Ashton, Md., who ..., said".
            found = name_before_appositives(toks, lows, rel, lm, reg.knows_surname)
            if found is not None:
                words, k, role = found
            else:
                words, k = collect_left(toks, lows, rel)
            if not words:
                return None
        elif not words and k == end - 1 and k >= 0 and toks[k] == ",":
            # Appositives between subject and verb: "Bayramov, the foreign minister, said".
            found = name_before_appositives(toks, lows, k, lm, reg.knows_surname)
            if found is None:
                return None
            words, k, role = found
        elif words and k > 0 and toks[k] == "," and _after_a_place(toks, lows, k) and not lm:
            # "Stacy Baker of Columbia, South Carolina says": a place, not the speaker.
            place = classify_phrase(words, lm, False)
            if (
                place is not None
                and place.kind == "name"
                and not looks_personal(place.names, reg.knows_surname)
            ):
                found = name_before_appositives(toks, lows, k, lm, reg.knows_surname)
                if found is None:
                    return None
                words, k, role = found
        if not words:
            return None
        # Inside "when/after/as ..." only a named person counts: "As Smith said, ...", and
        # so in 'what Smith called “a disaster”'.
        subordinate = k >= 0 and (
            lows[k] in _SUBORDINATORS
            or (
                lows[k] in ("what", "which")
                and verb in _NAMING_VERBS
                and vi + 1 < len(toks)
                and toks[vi + 1] == MARKER
            )
        )
        if verb == "put" and (k < 0 or lows[k] != "as"):
            return None
        if not subordinate and not boundary_ok(toks, lows, k, reg, lm, words[0]):
            return None
        edge = toks[k] if k >= 0 else ""
        trailing = edge in (MARKER, ",", ";", "—", "–")
        after_quote = edge == MARKER or (edge == "," and k > 0 and toks[k - 1] == MARKER)
        if verb in TRAIL_VERBS and not after_quote and not _hands_over(toks, lows, vi, k):
            return None
        edge_at = _as_clause_end(toks, lows, vi) if k >= 0 and lows[k] == "as" else -1
        if edge_at > 0:
            # "As Smith said, ...", "As Smith pointed out in December: “...”"
            ok, quote_follows = True, edge_at + 1 < len(toks) and toks[edge_at + 1] == MARKER
        else:
            ok, quote_follows = _tail_ok(toks, lows, vi, verb, trailing)
            # '“…,” Smith added, referring to ...': right after a quotation any tail will do,
            # and so does a bare tag standing for the quotation before it ("Trump asked.").
            ok = (
                ok
                or after_quote
                or (k < 0 and verb in INVERTIBLE | ASK_VERBS and _nothing_said(toks, lows, vi))
            )
        if not ok:
            return None
        direct = after_quote or quote_follows
        if role is None and edge == "," and k > 0:
            # "Jeyhun Bayramov, Azerbaijan's foreign minister said": the role follows the name.
            own_role = role_text(words, [lowered(t) for t in words])
            if own_role and (not is_cap(words[-1]) or lows[end - 1] in TITLES):
                outer, k3 = collect_left(toks, lows, k)
                if outer and boundary_ok(toks, lows, k3, reg, lm):
                    sp = classify_phrase(outer, lm, k3 < 0)
                    if sp is not None and sp.kind in ("person", "name") and sp.names:
                        sp.role = sp.role or own_role
                        sp.kind = "person"
                        return Hit(sp, direct)
        sp = with_role(classify_phrase(words, lm, k < 0), role)
        if sp is None and not lm and lowered(words[0]) in _OPENING_PREPOSITIONS:
            sp = _name_closing(words)  # "In a Bloomberg interview Trump declared ..."
        if sp is None or (subordinate and not sp.names):
            return None
        tag_only = k < 0 and verb not in STANCE_VERBS and _nothing_said(toks, lows, vi)
        return Hit(sp, direct, alias, tag_only=tag_only)

    def _with_participle(self, vi: int) -> Hit | None:
        """A person doing the speaking in a "with" phrase: "with Trump reportedly yelling:
        “...”", "with Gorka noting that ..."."""
        toks, lows = self.toks, self.lows
        end = self._skip_adverbs(vi - 1) + 1
        words, k = collect_left(toks, lows, end)
        if not words or k < 0 or lows[k] != "with" or not is_cap(words[-1]):
            return None
        sp = classify_phrase(words, self.lower_mode, False)
        if sp is None or not sp.names or sp.kind not in ("person", "name"):
            return None
        low = lows[vi]
        nxt = toks[vi + 1 : vi + 3]
        quoted = MARKER in toks[vi + 1 : vi + 8]
        if low in STANCE_PARTICIPLES or low == "saying":
            return Hit(sp, quoted) if quoted or lows[vi + 1 : vi + 2] == ["that"] else None
        if nxt[:1] in ([":"], [MARKER], ["that"]) or nxt == [",", MARKER] or quoted:
            return Hit(sp, quoted)
        return None

    def _who(self, vi: int, comma: int, verb: str) -> Hit | None:
        """The named person a speaking "who" clause follows: "..., from Mike Lee, who
        declared, “...”"."""
        toks, lows = self.toks, self.lows
        words, _ = collect_left(toks, lows, comma)
        if not words or not is_cap(words[-1]) or verb in TRAIL_VERBS:
            return None
        if lowered(words[0]) in STOPWORDS:
            words = words[1:]  # "an endorsement from Mike Lee, who ..."
        sp = classify_phrase(words, self.lower_mode, False) if words else None
        if sp is None or not sp.names or sp.kind not in ("person", "name"):
            return None
        ok, quote_follows = _tail_ok(toks, lows, vi, verb, False)
        if not ok or (verb in STANCE_VERBS and MARKER not in toks[vi + 1 : vi + 8]):
            return None  # not "Cruz, who has blasted the plan, ..." with nothing quoted
        return Hit(sp, quote_follows)

    def coordinated(self) -> bool | None:
        """Does a reporting verb joined to the subject's clause report speech: "Smith
        voted no and said ...", "... but told reporters: ..."?  Returns whether a
        quotation follows, or None when there is no such verb."""
        toks, lows = self.toks, self.lows
        n = len(toks)
        for vi in range(2, n):
            low = lows[vi]
            if low not in VERBS or is_cap(toks[vi]):
                continue
            # Verbs of manner or judgement only with a quotation right after them: "and
            # joked, “...”", 'and described the plan as “a disaster”'.
            near = toks[vi + 1 : vi + 7]
            if (
                low in TRAIL_VERBS and toks[vi + 1 : vi + 3] not in ([",", MARKER], [":", MARKER])
            ) or (low in STANCE_VERBS and MARKER not in near):
                continue
            j = self._skip_adverbs(vi - 1)
            if (
                j < 1
                or lows[j] not in _COORDINATORS
                or not (is_word(toks[j - 1]) or toks[j - 1] in (",", MARKER))
            ):
                continue
            if low in STANCE_VERBS or low in TRAIL_VERBS:
                return True
            # A clause, a colon or a quotation must follow: not "and said nothing".
            ok, quote_follows = _tail_ok(toks, lows, vi, "", False)
            if ok:
                return quote_follows
        return None

    def _opening_verb(self) -> Hit | None:
        """A sentence opening with its reporting verb: 'Said Comey, “...”'."""
        toks, lows = self.toks, self.lows
        words, j = right_np(toks, lows, 0)
        if not words or not is_cap(words[-1]) or (j < len(toks) and toks[j] not in (",", ":")):
            return None
        sp = classify_phrase(words, self.lower_mode, False)
        if sp is None or not sp.names or sp.kind not in ("person", "name"):
            return None
        return Hit(with_role(sp, appositive(toks, lows, j)) or sp, MARKER in toks[j:])

    def _inverted(self, vi: int, after_quote: bool) -> Hit | None:
        toks, lows = self.toks, self.lows
        words, j = right_np(toks, lows, vi)
        if not words or (j < len(toks) and is_word(toks[j]) and lows[j] not in RIGHT_STOP):
            return None
        named = self._name_after_role(words, j) if not is_cap(words[-1]) else None
        if named is not None:
            return Hit(named, after_quote)
        sp = classify_phrase(words, self.lower_mode, False)
        if sp is None or (sp.kind == "pronoun" and not after_quote):
            return None
        if (
            not after_quote
            and sp.kind == "org"
            and not self.lower_mode
            and not any(is_cap(w) or lowered(w) in TITLES for w in words)
        ):
            return None  # "Jo Li, the author of a book, said the days when ..."
        return Hit(with_role(sp, appositive(toks, lows, j)) or sp, after_quote)

    def _name_after_role(self, words: Sequence[str], j: int) -> Speaker | None:
        """The name set off after a description: "said his best friend at Lehigh, Bruce
        Turry, who ...", "wrote the American ambassador at the time, John E. Herbst"."""
        toks, lows = self.toks, self.lows
        n = len(toks)
        if not is_role_noun(lowered(words[-1])):
            return None
        c = j
        while c < n and c - j <= 6 and is_word(toks[c]):
            c += 1
        if c >= n or toks[c] != ",":
            return None
        name, e = right_np(toks, lows, c)
        if not name or not all(is_cap(w) for w in name):
            return None
        if e < n and toks[e] not in (",", ".", ";", ")", MARKER):
            return None
        sp = classify_phrase(name, self.lower_mode, False)
        if sp is None or not sp.names or sp.kind not in ("person", "name"):
            return None
        role = [w for w in words if lowered(w) not in DETS and lowered(w) not in ALL_PRONOUNS]
        sp.role = sp.role or join_words(role) or None
        sp.kind = "person"
        return sp

    def _according(self, ti: int) -> Hit | None:
        toks, lows = self.toks, self.lows
        words, j = right_np(toks, lows, ti)
        if not words or (j < len(toks) and is_word(toks[j]) and lows[j] not in RIGHT_STOP):
            return None
        wl = lows[ti + 1 : j]
        head_i = next((i for i, low in enumerate(wl) if low in CONNECTORS), len(wl)) - 1
        if head_i >= 0 and wl[head_i] in NOT_SOURCES:
            return None
        sp = classify_phrase(words, self.lower_mode, False)
        if sp is None or sp.kind == "pronoun":
            return None
        return Hit(with_role(sp, appositive(toks, lows, j)) or sp, False)

    def _colon(self) -> Hit | None:
        """``Blinken: "We made progress."`` with no verb at all."""
        toks = self.toks
        for k in range(1, min(len(toks) - 1, 9)):
            if toks[k] == ":" and toks[k + 1] == MARKER:
                words = toks[:k]
                if not all(is_word(t) for t in words):
                    return None
                sp = classify_phrase(words, self.lower_mode, True)
                if sp is None or sp.kind == "pronoun":
                    return None
                known = sp.names and name_key(sp.names[-1]) in self.reg.by_last
                return Hit(sp, True) if sp.role or sp.gender or known else None
        return None
