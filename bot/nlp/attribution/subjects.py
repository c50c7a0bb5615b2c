"""The person a sentence opens with, whom a later "he" or "she" may point back to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.nlp.attribution.lexicon import (
    AGE_RE,
    DETS,
    FINITE,
    HON_DROP,
    HON_KEEP,
    NP_BREAK,
    PARTICIPLES,
    STANCE_PARTICIPLES,
    TITLES,
    VERBS,
    word_set,
)
from bot.nlp.attribution.phrases import (
    PARENTHETICAL_LEADS,
    affiliation_start,
    appositive_role,
    is_role_noun,
    name_run_start,
    role_text,
)
from bot.nlp.attribution.text import MARKER, is_cap, is_possessive, is_word, lowered, verbish

_SUBJECT_LEAD = word_set("but and yet so still then now meanwhile however also")
_INTRO_WORDS = word_set("on in at after before during earlier later last speaking announcing")
_NP_GLUE = word_set("of for to the and")
_CLAUSE_OPENERS = word_set(
    "as when while although though because if since once until unless whereas asked "
    "pressed questioned"
)
_OWNER_DETS = word_set("his her their its our")
_NOT_SPEECH_AFTER = word_set("goodbye sorry hello no yes so")


def opening_subject(
    toks: Sequence[str],
    lows: Sequence[str],
    known: Callable[[list[str]], bool] | None = None,
) -> tuple[list[str], str | None, str | None] | None:
    """The person a sentence opens with: (name words, role, gender), or None.

    Pronouns that follow ("He said: ...") point to this person even when the
    sentence itself reports no speech, so it must be found through titles,
    descriptors ("Wenger's Bayern counterpart Felix Magath"), an appositive
    ("His party leader, Michael Howard,") or a relative clause.
    """
    found = _subject_from(toks, lows, 0)
    if found is not None and (known is None or known(found[0])):
        return found
    if known is not None and lows and lows[0] in _CLAUSE_OPENERS:
        # "As speakers all week have done, Trump sought ...": the subject after the comma
        # that closes an opening clause, when it names a known person.
        c = next((c for c in range(2, min(len(toks) - 1, 30)) if toks[c] in (",", ";")), -1)
        if c > 0 and toks[c] == "," and is_cap(toks[c + 1]):
            found = _subject_from(toks, lows, c + 1)
            return found if found is not None and known(found[0]) else None
        return None
    # "The day before, at a rally in Texas, Mr. Trump was just as blunt": after an
    # opening phrase with no verb of its own; with ``known``, the first person it knows
    # ("At a rally in Portland, Maine, on Thursday, Trump said").
    for c in range(1, min(len(toks) - 1, 24)):
        if lows[c] in FINITE or lows[c] in VERBS or toks[c] in (MARKER, ";", ":"):
            return None
        if toks[c] == "," and (is_cap(toks[c + 1]) or AGE_RE.fullmatch(lows[c + 1])):
            found = _subject_from(toks, lows, c + 1)
            if known is None or (found is not None and known(found[0])):
                return found
    return None


def _subject_from(
    toks: Sequence[str], lows: Sequence[str], i: int
) -> tuple[list[str], str | None, str | None] | None:
    n = len(toks)
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
        if not is_word(tok) or not (
            is_cap(tok)
            or is_role_noun(low)
            or low in DETS
            or low in _NP_GLUE
            or AGE_RE.fullmatch(low)
            # a word before a role: "His party leader", "Democratic front-runner"
            or (
                j + 1 < n
                and low not in NP_BREAK
                and not verbish(tok, low)
                and is_role_noun(lows[j + 1])
            )
            # an adjective between an article and a name: "a terse Miller", "a
            # confident-seeming Manafort"
            or (
                j > i
                and j + 1 < n
                and lows[j - 1] in ("a", "an", "the")
                and low not in NP_BREAK
                and is_cap(toks[j + 1])
            )
        ):
            break
        j += 1
    np, nl = list(toks[i:j]), list(lows[i:j])
    if not np or nl[0] in NP_BREAK or nl[-1] in _NP_GLUE or nl[-1] in DETS or is_possessive(nl[-1]):
        return None
    cut = affiliation_start(np, nl)
    if cut:
        np, nl = np[:cut], nl[:cut]  # "Rep. Jo Li of Florida, the party's chair, ..."
    role: str | None = None
    if j < n and toks[j] == "(":
        # "Sen. Chuck Grassley (R-Iowa) on Wednesday downplayed ..."
        close = next((c for c in range(j + 1, min(n, j + 8)) if toks[c] == ")"), -1)
        if close > 0:
            j = close + 1
    if j < n and toks[j] == ",":
        rel = j + 1 < n and lows[j + 1] in ("who", "whose")
        limit = 40 if rel else 18
        c = next((c for c in range(j + 1, min(n, j + limit)) if toks[c] in (",", ";")), -1)
        if c < 0 or toks[c] != ",":
            return None
        if not rel:
            inner = list(toks[j + 1 : c])
            if not inner or not all(is_word(t) for t in inner):
                return None
            il = [lowered(t) for t in inner]
            if is_cap(np[-1]) and lowered(np[-1]) not in TITLES:
                # "Jo Li, the foreign minister, said"; "Jo Li, speaking in Leeds, said";
                # "Mr. Autor, like most economists, is ..."
                role = appositive_role(inner, il)
                if (
                    role is None
                    and (is_cap(inner[0]) or il[0] in NP_BREAK)
                    and il[0] not in PARENTHETICAL_LEADS
                ):
                    return None
            elif all(is_cap(t) for t in inner):
                # "His party leader, Jo Li,", "his wife, Jane,"
                role, np, nl = role_text(np, nl) or appositive_role(np, nl), inner, il
                if role is None:
                    return None
            else:
                return None
            if role and role.split()[0].lower() in _OWNER_DETS:
                role = None
        j = c + 1
        if j + 1 < n and is_cap(toks[j]) and toks[j + 1] == "," and lows[j] not in TITLES:
            j += 2  # a place after the appositive: "a lawyer in San Jose, Calif., said"
    if j >= n or not is_word(toks[j]) or is_cap(toks[j]) or lows[j] in ("and", "or", "nor"):
        return None
    begin = name_run_start(np, nl, False, after_body=True)
    if begin == len(np) or (begin and nl[begin - 1] in DETS):
        return None  # "the Mac mini" names a thing
    if "and" in nl[:begin]:
        # "Trade and Industry Secretary Jo Li", but not "Smith and Jones".
        last_and = len(nl) - 1 - nl[::-1].index("and")
        if not any(low in TITLES for low in nl[last_and:begin]):
            return None
    gender = None
    if begin and (nl[begin - 1] in HON_DROP or nl[begin - 1] in HON_KEEP):
        gender = HON_DROP.get(nl[begin - 1]) or HON_KEEP.get(nl[begin - 1])
        if nl[begin - 1] in HON_KEEP:
            begin -= 1
    return [t.rstrip(".") for t in np[begin:]], role, gender


def participle_speech(toks: Sequence[str], lows: Sequence[str]) -> tuple[bool, bool]:
    """Does the sentence report speech as ", adding: ..." or ", saying ..."?

    Returns (found, a quotation follows).
    """
    n = len(toks)
    for q in range(2, n - 1):
        if lows[q] not in PARTICIPLES or (toks[q - 1] != "," and lows[q - 1] != "by"):
            continue  # ", saying ...", "responded by saying ..."
        nxt = toks[q + 1]
        if nxt == ":":
            return True, q + 2 < n and toks[q + 2] == MARKER
        if nxt == MARKER or (nxt == "," and q + 2 < n and toks[q + 2] == MARKER):
            return True, True  # ", saying “...”", ", saying, “...”"
        if lows[q + 1] == "that":
            return True, False
        if (
            (lows[q] == "saying" or lows[q] in STANCE_PARTICIPLES)
            and is_word(nxt)
            and lows[q + 1] not in _NOT_SPEECH_AFTER
        ):
            return True, False
    return False, False
