"""Speaker attribution against human annotation: PolNeAR's political news articles.

    python benchmarks/attribution_polnear.py [--eval-dir DIR] [--split dev|train]
                                             [--errors N] [--misses N] [--timing-runs N]
                                             [--shapes all|direct] [--examples N]

``--shapes`` sorts the missed gold sentences (all, or direct quotations only) into coarse
shapes of failure, largest group first, and prints ``--examples`` of each with the two
sentences before it and the speakers the bot stored for them.

Each article goes through the bot's own path: ``parse_text`` (title line, body, clean-up),
the sentence splitter and ``attribute_speakers``, exactly as ``newsbot ingest`` stores it.
Every stored sentence is mapped back to character offsets in the corpus text (ignoring
whitespace, which the clean-up may change). The data is read where it lies
(``--eval-dir``, default ``../shared/eval``); nothing of it is copied.

The scoring rule
----------------
Gold sources are sorted into three kinds:

* **named person**: the head of the source phrase, or of its appositive (parts between
  commas or brackets), is a capitalised name that is not a pronoun, title, party,
  nationality, organisation, medium, acronym or a word the corpus mostly writes in lower
  case ("Some", "Police"). "Clinton campaign spokesman Brian Fallon", "Mrs. Clinton",
  "the previous Republican presidential nominee, Mitt Romney," all are. A phrase is cut at
  its first connecting word ("a spokesman for Clinton" is a description), and "X and Y" is
  not one person. Pronoun sources count as the person they point to: *who* is the name
  written just before it ("Smith, who said"); *he/she/him/his/her* is the nearest
  preceding named source of the article within three paragraphs whose gender does not
  clash (gender from Mr./Mrs./Ms. or a first name the bot's name list knows);
* **non-person**: no source, organisations, media, parties, groups and plurals
  ("officials", "Democrats"), "it" and "which";
* **unknown**: everything else ("I", "they", unresolved pronouns, "the candidate").

A sentence is a *gold sentence* when it overlaps (by a letter or digit) a content
fragment of a named-person attribution. The bot credits a sentence to a *named person*
when its stored speaker passes the same named-person test. Speakers are the same person
when their surnames agree (honorifics, possessives and Jr./Sr. ignored), or when a
one-word name is one of the other name's words.

* **precision**: of the sentences the bot credits to a named person, the share whose
  overlapping gold attributions include that person. It is wrong when gold names someone
  else, nobody (no attribution overlaps) or only non-persons; a sentence whose only
  overlapping gold sources are unknown ones is left out.
* **recall**: of the gold sentences, the share the bot credits to one of their people.
* **direct**: recall over the gold sentences whose named-person content holds a quotation
  mark (“ ” " or ''); precision over the credited sentences that hold a quotation mark
  themselves or overlap a gold content that does.

Timing: ``attribute_speakers`` alone, per article, the median of ``--timing-runs``
passes over the split.
"""

from __future__ import annotations

import argparse
import bisect
import json
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_EVAL = REPO.parent / "shared" / "eval"

from bot.ingest.errors import RejectedInput  # noqa: E402
from bot.ingest.pipeline import parse_text  # noqa: E402
from bot.nlp.attribution import attribute_speakers  # noqa: E402
from bot.nlp.attribution.gender import first_name_gender  # noqa: E402
from bot.nlp.attribution.lexicon import VERB_FORMS  # noqa: E402
from bot.nlp.attribution.scanning import (  # noqa: E402
    QUOTE_STARTS,
    doubled_quotes_as_marks,
    quote_groups,
    scan_quotes,
)
from bot.nlp.sentences import split_sentences  # noqa: E402
from bot.services.ingest import prepare_article  # noqa: E402

NAMED, NONPERSON, UNKNOWN = "named", "nonperson", "unknown"

_WORD_RE = re.compile(r"[\w][\w.'’\-]*|[,()]")
_QUOTE_MARK_RE = re.compile(r"[“”\"]|''")
_ALNUM_RE = re.compile(r"\w")


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HONORIFICS = _set("mr mrs ms miss dr sen rep gov gen rev prof lt col sgt capt adm sir dame lord")
_SUFFIXES = _set("jr sr ii iii iv")
_TITLES = _set(
    """
    president senator sen governor gov secretary speaker chairman chairwoman chair director
    spokesman spokeswoman spokesperson candidate nominee mayor judge justice attorney general
    minister leader chief officer ceo executive host anchor editor reporter correspondent
    professor pastor reverend pope king queen prince ambassador commissioner representative
    congressman congresswoman councilman sheriff manager strategist adviser advisor aide
    analyst economist pollster founder author columnist writer chairperson vice
    """
)
_PARTIES = _set(
    """
    democrat democrats democratic republican republicans gop libertarian libertarians green
    greens conservative conservatives liberal liberals progressive progressives tory tories
    labour
    """
)
_NATIONALITIES = _set(
    """
    american americans russian russians mexican mexicans chinese british french german
    germans iranian iranians syrian syrians israeli israelis palestinian palestinians
    european europeans muslim muslims christian christians latino latinos latina latinas
    hispanic hispanics african asian asians canadian canadians japanese korean koreans
    """
)
_ORG_HEADS = _set(
    """
    campaign committee department house administration party congress senate court office
    agency university college institute foundation center centre council association union
    group company corporation corp inc llc co board bureau commission network magazine
    post times news journal press tribune globe herald review daily examiner chronicle
    report poll polls survey study state states pac pacs fund caucus coalition alliance
    organization organisation service services force army navy police team club church
    government ministry embassy federation league movement project initiative watch
    network channel program programme show bank group partners website site blog twitter
    facebook youtube instagram reddit wikileaks politico breitbart cnn msnbc fox nbc abc
    cbs pbs npr reuters bloomberg forbes gallup quinnipiac axios vox slate salon buzzfeed
    snopes politifact factcheck huffpost rasmussen monmouth marist ipsos reuters/ipsos
    kremlin pentagon fbi cia nsa doj irs epa treasury judiciary legislature
    """
)
_CONNECTORS = _set("of for at from in on with to who whom whose that which close familiar by")
_NONPERSON_WORDS = _set("it its which that this these those itself")
_UNKNOWN_WORDS = _set("i me my we us our you your they them their one someone")
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_GROUP_WORDS = _set("many some others both several few most all none each either neither")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    surname: str
    gender: str | None


@dataclass(slots=True)
class GoldSource:
    kind: str
    person: Person | None = None


@dataclass(slots=True)
class SentenceGold:
    people: list[tuple[Person, bool]] = field(default_factory=list)  # (person, quoted)
    nonperson: bool = False
    unknown: bool = False
    quoted: bool = False  # overlaps any content holding a quotation mark


class Vocabulary:
    """Which capitalised words the corpus mostly writes in lower case ("Police", "Some")."""

    def __init__(self, texts: Iterable[str]) -> None:
        lower: Counter[str] = Counter()
        upper: Counter[str] = Counter()
        for text in texts:
            for m in re.finditer(r"(?<=[a-z,;] )([A-Za-z][a-z'’]+)\b", text):
                word = m.group(1)
                (upper if word[0].isupper() else lower)[word.lower()] += 1
        self._lower = lower
        self._upper = upper

    def common(self, word: str) -> bool:
        low = word.lower()
        return self._lower[low] >= 3 and self._lower[low] > self._upper[low]


def _clean(token: str) -> str:
    token = re.sub(r"['’]s?$", "", token.replace("’", "'"))
    return token.rstrip(".")


def _is_person_name(words: Sequence[str], vocab: Vocabulary) -> Person | None:
    """The person a phrase (without commas) names, judged by its head word."""
    cut: list[str] = []
    for word in words:
        low = word.lower()
        if low in _CONNECTORS and cut:
            break
        cut.append(word)
    lows = [_clean(w).lower() for w in cut]
    if not cut or "and" in lows or "&" in lows or "or" in lows:
        return None
    while cut and _clean(cut[-1]).lower() in _SUFFIXES:
        cut.pop()
        lows.pop()
    if not cut:
        return None
    head = _clean(cut[-1])
    low = head.lower()
    if (
        not head[:1].isupper()
        or (head.isupper() and len(head) > 1)
        or low in _TITLES
        or low in _PARTIES
        or low in _NATIONALITIES
        or low in _ORG_HEADS
        or low in _HONORIFICS
        or low in _PRONOUN_GENDER
        or low in _UNKNOWN_WORDS
        or low in _NONPERSON_WORDS
        or low in _GROUP_WORDS
        or vocab.common(head)
    ):
        return None
    start = len(cut) - 1
    while start > 0:
        prev = _clean(cut[start - 1])
        if not prev[:1].isupper() or prev.lower() in _TITLES or prev.lower() in _HONORIFICS:
            break
        if prev.lower() in _ORG_HEADS or prev.lower() in _PARTIES:
            break
        start -= 1
    name_words = [_clean(w) for w in cut[start:]]
    gender = None
    if start > 0:
        hon = _clean(cut[start - 1]).lower()
        gender = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f"}.get(hon)
    if gender is None and len(name_words) >= 2:
        gender = first_name_gender(name_words[0])
    return Person(" ".join(name_words), low, gender)


def named_person(phrase: str, vocab: Vocabulary) -> Person | None:
    """The named person of a source phrase, from its head or its appositive's head."""
    parts: list[list[str]] = [[]]
    for token in _WORD_RE.findall(phrase):
        if token in ",()":
            parts.append([])
        else:
            parts[-1].append(token)
    for part in parts:
        if part:
            found = _is_person_name(part, vocab)
            if found is not None:
                return found
    return None


def _source_kind(phrase: str, vocab: Vocabulary) -> str:
    words = [_clean(w).lower() for w in _WORD_RE.findall(phrase) if w not in ",()"]
    if not words:
        return NONPERSON
    if len(words) == 1 and (words[0] in _NONPERSON_WORDS):
        return NONPERSON
    if len(words) == 1 and (words[0] in _UNKNOWN_WORDS or words[0] in _PRONOUN_GENDER):
        return UNKNOWN
    head_words = []
    for w in words:
        if w in _CONNECTORS and head_words:
            break
        head_words.append(w)
    head = head_words[-1]
    if "and" in head_words:
        return UNKNOWN
    if head in _ORG_HEADS or head in _PARTIES or head in _NATIONALITIES or head in _GROUP_WORDS:
        return NONPERSON
    last = _WORD_RE.findall(phrase)
    raw_head = next((w for w in last if _clean(w).lower() == head), head)
    if raw_head[:1].isupper():
        return NONPERSON  # capitalised but not a person: an organisation or a medium
    if head.endswith("s") and not head.endswith(("ss", "us", "is")):
        return NONPERSON  # officials, sources, voters
    return UNKNOWN


def _person_before_who(text: str, start: int, vocab: Vocabulary) -> Person | None:
    before = text[max(0, start - 120) : start]
    m = re.search(r"([A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)*)(?:,\s*\d+)?\s*,?\s*$", before)
    if m is None:
        return None
    return named_person(m.group(1), vocab)


def classify_sources(article: dict, vocab: Vocabulary) -> list[GoldSource]:
    """Each attribution's source as named person (pronouns resolved), non-person or unknown."""
    text = article["text"]
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\n", text)]
    attributions = article["attributions"]
    out: list[GoldSource] = []
    direct: list[tuple[int, Person] | None] = []
    for att in attributions:
        phrase = att["source"]
        person = named_person(phrase, vocab) if phrase else None
        if person is not None:
            direct.append((att["source_span"][0], person))
            out.append(GoldSource(NAMED, person))
        else:
            direct.append(None)
            out.append(GoldSource(_source_kind(phrase, vocab) if phrase else NONPERSON))
    genders: dict[str, str] = {}
    for item in direct:
        if item is not None and item[1].gender:
            genders.setdefault(item[1].surname, item[1].gender)
    named_sorted = sorted((d for d in direct if d is not None), key=lambda d: d[0])
    positions = [d[0] for d in named_sorted]
    for i, att in enumerate(attributions):
        phrase = (att["source"] or "").strip()
        low = phrase.lower()
        if out[i].kind == NAMED or low not in (*_PRONOUN_GENDER, "who"):
            continue
        start = att["source_span"][0]
        if low == "who":
            person = _person_before_who(text, start, vocab)
            if person is not None:
                out[i] = GoldSource(NAMED, person)
            continue
        want = _PRONOUN_GENDER[low]
        para = bisect.bisect_right(paragraph_starts, start)
        for k in range(bisect.bisect_left(positions, start) - 1, -1, -1):
            pos, person = named_sorted[k]
            if bisect.bisect_right(paragraph_starts, pos) < para - 3:
                break
            gender = person.gender or genders.get(person.surname)
            if gender is None or gender == want:
                out[i] = GoldSource(NAMED, person)
                break
    return out


def same_person(bot_name: str, gold: Person, vocab: Vocabulary) -> bool:
    bot = named_person(bot_name, vocab)
    if bot is None:
        return False
    if bot.surname == gold.surname:
        return True
    bot_words = {w.lower() for w in bot.name.split()}
    gold_words = {w.lower() for w in gold.name.split()}
    return (len(bot_words) == 1 and bot_words <= gold_words) or (
        len(gold_words) == 1 and gold_words <= bot_words
    )


def sentence_spans(text: str, sentences: Sequence[str]) -> list[tuple[int, int] | None]:
    """Where each sentence lies in ``text``, ignoring differences of whitespace."""
    keep = [i for i, c in enumerate(text) if not c.isspace()]
    squeezed = "".join(text[i] for i in keep)
    cursor = 0
    spans: list[tuple[int, int] | None] = []
    for sentence in sentences:
        key = "".join(sentence.split())
        at = squeezed.find(key, cursor) if key else -1
        if at < 0 and key:
            at = squeezed.find(key)
        if at < 0:
            spans.append(None)
            continue
        spans.append((keep[at], keep[at + len(key) - 1] + 1))
        cursor = at + len(key)
    return spans


def _overlaps(text: str, span: tuple[int, int], fragments: Sequence[Sequence[int]]) -> bool:
    a, b = span
    for start, end in fragments:
        lo, hi = max(a, start), min(b, end)
        if lo < hi and _ALNUM_RE.search(text, lo, hi) is not None:
            return True
    return False


@dataclass(slots=True)
class Tally:
    credited: int = 0
    credited_right: int = 0
    gold: int = 0
    gold_right: int = 0

    def precision(self) -> float:
        return self.credited_right / self.credited if self.credited else 0.0

    def recall(self) -> float:
        return self.gold_right / self.gold if self.gold else 0.0


@dataclass(slots=True)
class Report:
    overall: Tally = field(default_factory=Tally)
    direct: Tally = field(default_factory=Tally)
    unmapped: int = 0
    sentences: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    shapes: dict[str, list[str]] = field(default_factory=dict)
    shapes_of: str | None = None  # "all" or "direct": which misses to sort into shapes


def score_article(article: dict, vocab: Vocabulary, report: Report) -> None:
    text = article["text"]
    try:
        prepared = prepare_article(parse_text(text, source=article["id"]))
    except RejectedInput:
        return
    stored = prepared.sentences
    spans = sentence_spans(text, [s.text for s in stored])
    sources = classify_sources(article, vocab)
    report.kinds.update(s.kind for s in sources)
    report.sentences += len(stored)
    golds: list[SentenceGold | None] = []
    for sentence, span in zip(stored, spans, strict=True):
        if span is None:
            report.unmapped += 1
            golds.append(None)
            continue
        gold = SentenceGold()
        golds.append(gold)
        gold.quoted = _QUOTE_MARK_RE.search(sentence.text) is not None
        for att, src in zip(article["attributions"], sources, strict=True):
            if not _overlaps(text, span, att["content_fragments"]):
                continue
            quoted = _QUOTE_MARK_RE.search(att["content"]) is not None
            gold.quoted = gold.quoted or quoted
            if src.kind == NAMED and src.person is not None:
                gold.people.append((src.person, quoted))
            elif src.kind == NONPERSON:
                gold.nonperson = True
            else:
                gold.unknown = True
        speaker = sentence.speaker
        credited = speaker is not None and named_person(speaker, vocab) is not None
        right = credited and any(same_person(speaker, p, vocab) for p, _ in gold.people)
        if gold.people:
            report.overall.gold += 1
            report.overall.gold_right += right
            if any(q for _, q in gold.people):
                report.direct.gold += 1
                report.direct.gold_right += credited and any(
                    same_person(speaker, p, vocab) for p, q in gold.people if q
                )
            if not right:
                names = "/".join(sorted({p.name for p, _ in gold.people}))
                report.misses.append(
                    f"{article['id'][:40]}  gold={names}  bot={speaker!r}  {sentence.text[:150]}"
                )
        if credited and (gold.people or not gold.unknown):
            report.overall.credited += 1
            report.overall.credited_right += right
            if gold.quoted:
                report.direct.credited += 1
                report.direct.credited_right += right
            if not right:
                names = "/".join(sorted({p.name for p, _ in gold.people})) or (
                    "non-person" if gold.nonperson else "nobody"
                )
                report.errors.append(
                    f"{article['id'][:40]}  gold={names}  bot={speaker!r} ({sentence.speaker_mode})"
                    f"  {sentence.text[:150]}"
                )
    if report.shapes_of is not None:
        _record_shapes(article, stored, golds, vocab, report)


_PRONOUN_TAG_RE = re.compile(r"\b(?:he|she|He|She)\b")


def _quote_infos(stored: Sequence) -> tuple[list, list[int]]:
    """The bot's own reading of the quotation marks, sentence by sentence."""
    infos = []
    open_state = False
    for k, sentence in enumerate(stored):
        text = doubled_quotes_as_marks(sentence.text)
        new_paragraph = k and sentence.paragraph != stored[k - 1].paragraph
        if new_paragraph and not text.lstrip().startswith(QUOTE_STARTS):
            open_state = False
        info = scan_quotes(text, open_state, infos[-1].straight if infos else False)
        infos.append(info)
        open_state = info.ends_open
    return infos, quote_groups(infos)


def _miss_shape(
    k: int,
    stored: Sequence,
    golds: Sequence[SentenceGold | None],
    infos: Sequence,
    groups: Sequence[int],
    vocab: Vocabulary,
) -> str:
    """A coarse shape for a gold sentence the bot did not credit to the right person."""
    gold = golds[k]
    assert gold is not None
    people = [p for p, _ in gold.people]

    def right(j: int) -> bool:
        sp = stored[j].speaker
        return sp is not None and any(same_person(sp, p, vocab) for p in people)

    speaker = stored[k].speaker
    if speaker is not None:
        if named_person(speaker, vocab) is not None:
            return "wrong person"
        return "credited to a description or body"
    info = infos[k]
    run = [j for j in range(len(stored)) if groups[j] == groups[k] and j != k]
    if run and any(right(j) for j in run):
        return "run: another sentence of the quotation credited to them"
    if run:
        return "run: quotation over several sentences, none credited to them"
    words = info.outside.split()
    if not VERB_FORMS.isdisjoint(words):
        if _PRONOUN_TAG_RE.search(info.outside):
            return "own tag unread: he/she"
        return "own tag unread: named or other"
    para = stored[k].paragraph
    if info.starts_with_quote:
        before = [j for j in range(k) if stored[j].paragraph == para - 1]
        if (
            before
            and any(right(j) for j in before)
            and not any(stored[j].paragraph == para for j in range(k))
        ):
            return "quote paragraph after a paragraph credited to them"
        if any(right(j) for j in range(max(0, k - 3), k)):
            return "bare quotation after a sentence credited to them"
        surnames = [p.surname for p in people]
        near = " ".join(infos[j].outside for j in range(max(0, k - 2), k)).lower()
        if any(s in near for s in surnames):
            return "bare quotation after a sentence naming them"
        return "bare quotation, speaker further away"
    if info.has_quote:
        return "partial quotation, no tag"
    if gold.quoted:
        return "no quotation mark in the sentence, gold content quoted"
    return "no quotation mark, no tag"


def _record_shapes(
    article: dict,
    stored: Sequence,
    golds: Sequence[SentenceGold | None],
    vocab: Vocabulary,
    report: Report,
) -> None:
    infos, groups = _quote_infos(stored)
    for k, gold in enumerate(golds):
        if gold is None or not gold.people:
            continue
        people = [p for p, q in gold.people if q or report.shapes_of == "all"]
        if not people:
            continue
        sp = stored[k].speaker
        if sp is not None and any(same_person(sp, p, vocab) for p in people):
            continue
        shape = _miss_shape(k, stored, golds, infos, groups, vocab)
        lines = [f"{article['id'][:48]}  gold={'/'.join(sorted({p.name for p in people}))}"]
        for j in range(max(0, k - 2), k + 1):
            mark = ">>" if j == k else "  "
            lines.append(
                f"  {mark} p{stored[j].paragraph} [{stored[j].speaker} {stored[j].speaker_mode}]"
                f" {stored[j].text[:220]}"
            )
        report.shapes.setdefault(shape, []).append("\n".join(lines))


def timing(articles: Sequence[dict], runs: int) -> float:
    """Median seconds per article of ``attribute_speakers`` alone."""
    inputs = []
    for article in articles:
        try:
            parsed = parse_text(article["text"], source=article["id"])
        except RejectedInput:
            continue
        paragraphs = [p for p in (split_sentences(p) for p in parsed.paragraphs) if p]
        inputs.append((paragraphs, parsed.title))
    per_run = []
    for _ in range(runs):
        start = time.perf_counter()
        for paragraphs, title in inputs:
            attribute_speakers(paragraphs, title=title)
        per_run.append((time.perf_counter() - start) / max(1, len(inputs)))
    return statistics.median(per_run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong credits")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed sentences")
    parser.add_argument("--timing-runs", type=int, default=5)
    parser.add_argument(
        "--shapes", choices=("all", "direct"), help="sort missed gold sentences into shapes"
    )
    parser.add_argument("--examples", type=int, default=3, help="examples printed per shape")
    args = parser.parse_args()
    folder = args.eval_dir / "polnear"
    path = folder / f"{args.split}.jsonl"
    if not path.is_file():
        sys.exit(f"no PolNeAR split at {path}; pass --eval-dir")
    articles = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    vocab = Vocabulary(
        json.loads(line)["text"]
        for name in ("train.jsonl", "dev.jsonl")
        if (folder / name).is_file()
        for line in (folder / name).read_text("utf-8").splitlines()
        if line
    )
    report = Report(shapes_of=args.shapes)
    for article in articles:
        score_article(article, vocab, report)
    o, d = report.overall, report.direct
    print(f"PolNeAR {args.split}: {len(articles)} articles, {report.sentences} sentences")
    print(
        "gold sources: "
        + ", ".join(f"{k} {report.kinds[k]}" for k in (NAMED, NONPERSON, UNKNOWN))
        + f"; sentences not found in the text: {report.unmapped}"
    )
    print(f"{'':<22}{'precision':>10}{'recall':>8}   credited / gold sentences")
    print(
        f"{'named persons':<22}{o.precision():>10.3f}{o.recall():>8.3f}   "
        f"{o.credited_right}/{o.credited} right, {o.gold_right}/{o.gold} found"
    )
    print(
        f"{'direct quotations':<22}{d.precision():>10.3f}{d.recall():>8.3f}   "
        f"{d.credited_right}/{d.credited} right, {d.gold_right}/{d.gold} found"
    )
    if args.timing_runs:
        per_article = timing(articles, args.timing_runs)
        print(
            f"attribute_speakers: {per_article * 1000:.2f} ms per article (median of "
            f"{args.timing_runs} runs; {platform.python_implementation()} "
            f"{platform.python_version()})"
        )
    for line in report.errors[: args.errors]:
        print("WRONG ", line)
    for line in report.misses[: args.misses]:
        print("MISSED", line)
    if args.shapes:
        total = sum(len(v) for v in report.shapes.values())
        print(f"\nmissed gold sentences ({args.shapes}) by shape: {total}")
        for shape, items in sorted(report.shapes.items(), key=lambda kv: -len(kv[1])):
            print(f"{len(items):6d}  {shape}")
        for shape, items in sorted(report.shapes.items(), key=lambda kv: -len(kv[1])):
            if args.examples:
                print(f"\n=== {shape} ({len(items)})")
                for item in items[:: max(1, len(items) // args.examples)][: args.examples]:
                    print(item)


if __name__ == "__main__":
    main()
