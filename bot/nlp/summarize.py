"""Extractive summaries of news articles, built on sumy's sentence rankers.

Every sumy algorithm is available by name. The ``default`` one scores each sentence
with several sumy rankers run on the same document (TextRank centrality, SumBasic word
probability, Luhn significant-word clusters), closeness to the article's centroid and
words shared with other sentences, adds priors that matter for news (lede position,
sentence length, overlap with the headline, figures, quotations), always keeps the lede,
and picks the rest greedily. A sentence that cannot be shown without the one before it
("He said …", "But …", the middle of a quotation) is picked without that sentence only
when it is clearly better than the alternatives (see ``DEFAULT_DEPENDENT_PENALTIES``).
``render_summary`` then shows the picks so that each reads on its own: quotations
balanced, speakers named. The weights and penalties were fitted on the dev split of the
BBC News Summary set; ``benchmarks/summarize.py --tune`` reproduces them.

The caller owns sentence splitting: ``summarize`` takes the story's sentences and
returns indices into them, so stored sentence ids stay valid and nothing is re-split.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bot.nlp.sentences import SumyTokenizer, split_sentences
from bot.nlp.standalone import (
    CONNECTIVE,
    DEMONSTRATIVE,
    PRONOUN,
    QUOTATION,
    QuoteState,
    dependence,
    is_proper_name,
    name_speaker,
    quote_states,
    quote_style,
    render_run,
    speaker_in_view,
    speaking_pronoun,
)
from bot.nlp.summary_choices import ALGORITHMS

__all__ = [
    "ALGORITHMS",
    "DEFAULT_COUNT",
    "DEFAULT_DEPENDENT_PENALTIES",
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "Passage",
    "eligible_indices",
    "render_summary",
    "select_standalone",
    "sentence_features",
    "summarize",
    "summarize_text",
]

DEFAULT_COUNT = 3
LANGUAGE = "english"

# Per-sentence features of the default algorithm, in the column order of
# ``sentence_features``. Ranker scores are min-max scaled within the article, so the
# weights do not depend on article length.
FEATURES = (
    "textrank",  # sumy TextRank stationary probability
    "sumbasic",  # sumy SumBasic mean word probability
    "textrank_log",  # log of TextRank relative to the article's best sentence
    "sumbasic_log",  # log of SumBasic relative to the article's best sentence
    "luhn",  # sumy Luhn best significant-word cluster
    "first",  # 1 for the article's first sentence (the lede)
    "position",  # relative position, 0 at the start, 1 at the end
    "log_length",  # log of the content-word count
    "log_length_sq",  # its square, so mid-length sentences can win
    "title",  # share of the headline's content words the sentence repeats
    "digit",  # 1 when the sentence holds a figure
    "quote",  # 1 when the sentence holds a quotation mark
    "centroid",  # cosine to the article's centroid (tf-idf, idf within the article)
    "log_shared",  # log of how many of its content words other sentences use too
)

# Fitted on the dev split: logistic regression on "sentence is in the reference",
# polished by coordinate ascent on top-k precision; see ``benchmarks/summarize.py --tune``.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "bias": -4.442,
    "textrank": 2.785,
    "sumbasic": 3.509,
    "textrank_log": 1.012,
    "sumbasic_log": -0.209,
    "luhn": -0.507,
    "first": 0.0,
    "position": -0.278,
    "log_length": 1.213,
    "log_length_sq": -0.508,
    "title": 0.917,
    "digit": -0.123,
    "quote": -0.291,
    "centroid": 0.915,
    "log_shared": 1.192,
}

# A sentence that leans on the one before it, when that one is not in the summary and
# naming the speaker cannot mend it, counts as e^-penalty times as likely to belong in
# the summary: it is shown alone only when clearly better than every standalone choice.
# Chosen by dev ROUGE-2 against how many summaries keep a dangling reference; see
# ``benchmarks/summarize.py --tune`` and ``benchmarks/summary_standalone.py``.
DEFAULT_DEPENDENT_PENALTIES: Mapping[str, float] = {
    PRONOUN: 0.5,
    DEMONSTRATIVE: 0.5,
    CONNECTIVE: 0.2,
    QUOTATION: 0.2,
}

_MIN_WORDS = 4
_TITLE_SIMILARITY = 0.85
_QUOTES = frozenset('"“”«»')
_DIGIT = re.compile(r"\d")
_NORMALISE_DROP = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
# "WASHINGTON (AP) —", "LONDON, March 3 -", "KYIV, Ukraine (AP) --" with nothing after.
_DATELINE_ONLY = re.compile(
    r"^[A-Z][A-Z .'’&-]*(?:,\s*[\w .'’-]+)?\s*(?:\([A-Za-z .&]+\))?\s*(?:—|–|--|-)?\s*$"
)
# "By Matthew Lee", "By MATTHEW LEE and JOSH BOAK, Associated Press"
_BYLINE = re.compile(
    r"^by\s+[\w.'’-]+(?:\s+[\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[\w.'’-]+(?:\s+[\w.'’-]+){0,3})*\s*$",
    re.IGNORECASE,
)
# Captions end in a credit: "(AP Photo/J. Scott Applewhite, File)", "(Photo by ... /AP)".
_CAPTION_CREDIT = re.compile(
    r"\([^()]*(?:\bphoto\b|\bphotograph\b|\bimage\b|\bvia AP\b|/AP\b|\bAP/|\bGetty\b|\bAFP\b"
    r"|/Reuters\b|\bPool\b)[^()]*\)\s*\.?$",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(r"^(?:FILE|IMAGE|PHOTO)\s*[-—–:]\s", re.IGNORECASE)


@cache
def _stop_words() -> frozenset[str]:
    """Sumy's English list, loaded once; every ranker shares it."""
    return frozenset(get_stop_words(LANGUAGE))


@cache
def _stemmer() -> Stemmer:
    """Building the Snowball stemmer is slow enough to do only once."""
    return Stemmer(LANGUAGE)


@cache
def _tokenizer() -> SumyTokenizer:
    """The project's tokenizer needs no NLTK data, unlike sumy's default one."""
    return SumyTokenizer()


def _memo_stemmer() -> Callable[[str], str]:
    """Stem each distinct word once per article: every ranker stems the same words."""
    stem = _stemmer()
    memo: dict[str, str] = {}

    def cached(word: str) -> str:
        stemmed = memo.get(word)
        if stemmed is None:
            stemmed = memo[word] = stem(word)
        return stemmed

    return cached


def _normalise(text: str) -> str:
    """Compare sentences ignoring case, punctuation and spacing."""
    return _SPACES.sub(" ", _NORMALISE_DROP.sub(" ", text.lower())).strip()


def _is_boilerplate(text: str) -> bool:
    """Datelines, bylines and photo captions are page furniture, not story."""
    stripped = text.strip()
    return bool(
        _DATELINE_ONLY.match(stripped)
        or _BYLINE.match(stripped)
        or _CAPTION_CREDIT.search(stripped)
        or _CAPTION_START.match(stripped)
    )


def _repeats_title(normalised: str, title: str) -> bool:
    """A sentence that restates the headline adds nothing under it."""
    if not title:
        return False
    if normalised == title:
        return True
    longer = max(len(normalised), len(title))
    if abs(len(normalised) - len(title)) > 0.3 * longer:
        return False
    return SequenceMatcher(None, normalised, title, autojunk=False).ratio() >= _TITLE_SIMILARITY


def eligible_indices(sentences: Sequence[str], title: str | None = None) -> list[int]:
    """Indices of the sentences a summary may use, in article order.

    Duplicates (first copy kept), headline repeats and page furniture never qualify;
    fragments under four words qualify only when nothing longer does.
    """
    normalised_title = _normalise(title) if title else ""
    seen: set[str] = set()
    full: list[int] = []
    short: list[int] = []
    for index, text in enumerate(sentences):
        normalised = _normalise(text)
        if not normalised or normalised in seen:
            continue
        seen.add(normalised)
        if _repeats_title(normalised, normalised_title) or _is_boilerplate(text):
            continue
        (full if len(normalised.split()) >= _MIN_WORDS else short).append(index)
    return full or short


def _resolve_count(total: int, count: int | None, ratio: float | None) -> int:
    """Turn count/ratio into a sentence budget, rejecting nonsense early."""
    if count is not None and ratio is not None:
        raise ValueError("give count or ratio, not both")
    if count is not None:
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        return count
    if ratio is not None:
        if not 0.0 < ratio <= 1.0:
            raise ValueError(f"ratio must be in (0, 1], got {ratio}")
        return max(1, round(ratio * total))
    return DEFAULT_COUNT


def _document(texts: Sequence[str]) -> ObjectDocumentModel:
    """One paragraph of exactly these sentences, so sumy's output maps back by identity."""
    tokenizer = _tokenizer()
    return ObjectDocumentModel([Paragraph([Sentence(text, tokenizer) for text in texts])])


def _sumy_summarizer(algorithm: str, stemmer: Callable[[str], str]) -> AbstractSummarizer:
    """A configured sumy summarizer; all share sumy's stop words and the Snowball stemmer."""
    classes: dict[str, type[AbstractSummarizer]] = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "kl": KLSummarizer,
        "sumbasic": SumBasicSummarizer,
    }
    summarizer = classes[algorithm](stemmer)
    summarizer.stop_words = _stop_words()
    return summarizer


def _min_max(values: Sequence[float]) -> np.ndarray:
    """Scale to [0, 1] within the article; a flat score carries no information."""
    array = np.asarray(values, dtype=float)
    low, high = float(array.min()), float(array.max())
    if high - low <= 1e-12:
        return np.zeros_like(array)
    return (array - low) / (high - low)


def _log_relative(values: Sequence[float]) -> np.ndarray:
    """Log of each score over the article's best: ratios combine multiplicatively."""
    array = np.asarray(values, dtype=float)
    high = float(array.max())
    if high <= 0:
        return np.zeros_like(array)
    return np.log(np.maximum(array / high, 1e-3))


def _features_and_words(
    texts: Sequence[str], positions: Sequence[int], total: int, title: str | None
) -> tuple[np.ndarray, list[frozenset[str]]]:
    """Feature matrix (rows = sentences, columns = FEATURES) and content-stem sets."""
    stem = _memo_stemmer()
    document = _document(texts)
    sentences = document.sentences
    stop_words = _stop_words()

    textrank = _sumy_summarizer("textrank", stem)
    textrank_scores = textrank.rate_sentences(document)

    sumbasic = _sumy_summarizer("sumbasic", stem)
    content = [sumbasic._get_content_words_in_sentence(s) for s in sentences]
    probabilities = sumbasic._compute_tf(sentences)
    sumbasic_scores = [
        sumbasic._compute_average_probability_of_words(probabilities, words) for words in content
    ]

    luhn = _sumy_summarizer("luhn", stem)
    significant = frozenset(luhn._get_significant_words(document.words))
    luhn_scores = [luhn.rate_sentence(s, significant) for s in sentences]

    title_words = frozenset(
        stem(word.lower())
        for word in (_tokenizer().to_words(title) if title else ())
        if word.lower() not in stop_words
    )
    bags = [frozenset(words) for words in content]
    centroid, shared = _centroid_and_shared(bags)
    span = max(total - 1, 1)
    columns = [
        _min_max([textrank_scores[s] for s in sentences]),
        _min_max(sumbasic_scores),
        _log_relative([textrank_scores[s] for s in sentences]),
        _log_relative(sumbasic_scores),
        _min_max(luhn_scores),
        np.array([1.0 if position == 0 else 0.0 for position in positions]),
        np.array([position / span for position in positions]),
        np.log1p([len(words) for words in content]),
        np.log1p([len(words) for words in content]) ** 2,
        np.array(
            [len(bag & title_words) / len(title_words) if title_words else 0.0 for bag in bags]
        ),
        np.array([1.0 if _DIGIT.search(text) else 0.0 for text in texts]),
        np.array([1.0 if _QUOTES.intersection(text) else 0.0 for text in texts]),
        centroid,
        shared,
    ]
    return np.column_stack(columns), bags


def _centroid_and_shared(bags: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray]:
    """How central each sentence is: its cosine to the sum of all sentences' tf-idf bags
    (idf counted within the article), and the log of how many of its words recur."""
    frequency = Counter(word for bag in bags for word in bag)
    idf = {word: math.log(1 + len(bags) / count) for word, count in frequency.items()}
    centre: Counter[str] = Counter()
    for bag in bags:
        for word in bag:
            centre[word] += idf[word]
    centre_norm = math.sqrt(sum(value * value for value in centre.values()))
    cosines = []
    for bag in bags:
        norm = math.sqrt(sum(idf[word] ** 2 for word in bag))
        dot = sum(idf[word] * centre[word] for word in bag)
        cosines.append(dot / (norm * centre_norm) if norm and centre_norm else 0.0)
    shared = np.log1p([sum(1 for word in bag if frequency[word] > 1) for bag in bags])
    return _min_max(cosines), shared


def sentence_features(
    sentences: Sequence[str], *, title: str | None = None
) -> tuple[list[int], np.ndarray]:
    """Eligible indices and their feature rows; exposed so the weights can be refitted."""
    indices = eligible_indices(sentences, title)
    if not indices:
        return [], np.zeros((0, len(FEATURES)))
    features, _ = _features_and_words(
        [sentences[i] for i in indices], indices, len(sentences), title
    )
    return indices, features


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a summary must know about an article sentence to show it on its own."""

    state: QuoteState
    speaker: str | None  # a proper name attribution credited it to, if any
    leans: str | None  # how it leans on the sentence before, if naming cannot mend it


def _readings(
    sentences: Sequence[str],
    paragraphs: Sequence[int] | None,
    speakers: Sequence[str | None] | None,
) -> list[_Reading]:
    """One reading per article sentence (quotations are followed across sentences)."""
    states = quote_states(sentences, paragraphs)
    readings: list[_Reading] = []
    for index, text in enumerate(sentences):
        name = speakers[index] if speakers is not None else None
        name = name if name and is_proper_name(name) else None
        reason = dependence(text, states[index]) if index else None
        mended = name is not None and (
            reason == QUOTATION or (reason == PRONOUN and _opening_pronoun_speaks(text))
        )
        readings.append(_Reading(states[index], name, None if mended else reason))
    return readings


def _opening_pronoun_speaks(text: str) -> bool:
    """'He said …': the pronoun the sentence opens with is its speaker, so a name mends it."""
    span = speaking_pronoun(text)
    return span is not None and not any(char.isalnum() for char in text[: span[0]])


def select_standalone(
    likelihood: np.ndarray,
    penalties: Sequence[float],
    antecedents: Sequence[int | None],
    count: int,
) -> list[int]:
    """Greedy pick by ``likelihood`` (log-probability of belonging in the summary).

    A sentence whose antecedent (``antecedents[i]``, None when it cannot be shown) is
    not picked yet has ``penalties[i]`` taken off, so it wins alone only by that margin.
    """
    size = len(likelihood)
    penalty = np.asarray(penalties, dtype=float)
    # Index ``size`` stands for a missing antecedent: never taken.
    before = np.array([size if index is None else index for index in antecedents], dtype=int)
    taken = np.zeros(size + 1, dtype=bool)
    chosen: list[int] = []
    for _ in range(min(count, size)):
        adjusted = likelihood - np.where(taken[before], 0.0, penalty)
        best = int(np.argmax(np.where(taken[:size], -np.inf, adjusted)))
        chosen.append(best)
        taken[best] = True
    return chosen


def _rank_default(
    texts: Sequence[str],
    positions: Sequence[int],
    total: int,
    title: str | None,
    count: int,
    weights: Mapping[str, float],
    penalties: Sequence[float],
    antecedents: Sequence[int | None],
) -> list[int]:
    """Local indices of the default algorithm's picks."""
    features, _ = _features_and_words(texts, positions, total, title)
    vector = np.array([weights.get(name, 0.0) for name in FEATURES])
    scores = features @ vector + weights.get("bias", 0.0)
    # log σ(score): the fitted model's log-probability that the sentence belongs.
    likelihood = -np.logaddexp(0.0, -scores)
    # News puts the key fact first: the lede always leads the summary. On the dev split
    # it is in the reference about as often as the fitted picks are, so this costs nothing.
    likelihood[0] = np.inf
    return select_standalone(likelihood, penalties, antecedents, count)


def _rank_sumy(texts: Sequence[str], algorithm: str, count: int) -> list[int]:
    """Local indices of a plain sumy summarizer's picks."""
    document = _document(texts)
    order = {sentence: index for index, sentence in enumerate(document.sentences)}
    summarizer = _sumy_summarizer(algorithm, _memo_stemmer())
    with warnings.catch_warnings():
        # LSA warns on articles with fewer distinct words than sentences; it still works.
        warnings.simplefilter("ignore", UserWarning)
        picked = summarizer(document, count)
    return [order[sentence] for sentence in picked]


def summarize(
    sentences: Sequence[str],
    *,
    title: str | None = None,
    count: int | None = None,
    ratio: float | None = None,
    algorithm: str = "default",
    paragraphs: Sequence[int] | None = None,
    speakers: Sequence[str | None] | None = None,
    weights: Mapping[str, float] | None = None,
    dependent_penalties: Mapping[str, float] | None = None,
) -> list[int]:
    """Indices of the summary sentences, in article order.

    ``count`` (default 3) or ``ratio`` of the input sentences sets the length; an
    article with no more usable sentences than that comes back whole. ``paragraphs``
    (each sentence's paragraph number) and ``speakers`` (each sentence's speaker, as
    attribution found it) tell the default algorithm which sentences can be shown
    without the one before them. ``weights`` and ``dependent_penalties`` override its
    fitted values.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}")
    wanted = _resolve_count(len(sentences), count, ratio)
    indices = eligible_indices(sentences, title)
    if len(indices) <= wanted:
        return indices
    texts = [sentences[i] for i in indices]
    if algorithm == "default":
        readings = _readings(sentences, paragraphs, speakers)
        table = DEFAULT_DEPENDENT_PENALTIES if dependent_penalties is None else dependent_penalties
        penalties = [table.get(readings[i].leans or "", 0.0) for i in indices]
        local_of = {position: local for local, position in enumerate(indices)}
        local = _rank_default(
            texts,
            indices,
            len(sentences),
            title,
            wanted,
            DEFAULT_WEIGHTS if weights is None else weights,
            penalties,
            [local_of.get(i - 1) for i in indices],
        )
    else:
        local = _rank_sumy(texts, algorithm, wanted)
    return sorted(indices[i] for i in local)


@dataclass(frozen=True, slots=True)
class Passage:
    """One item of a summary as a reader sees it.

    Consecutive sentences of one quotation make one passage; its quotation marks are
    balanced (a quotation cut short is closed with an ellipsis); and when the sentence
    that named the speaker is not shown, the speaker is named in it ("He [Vladimir
    Putin] said …", "Arsene Wenger: “…”").
    """

    positions: tuple[int, ...]  # indices of the article sentences it shows
    text: str
    speaker: str | None = None  # the speaker this rendering names, if it names one


def render_summary(
    sentences: Sequence[str],
    positions: Sequence[int],
    *,
    paragraphs: Sequence[int] | None = None,
    speakers: Sequence[str | None] | None = None,
) -> list[Passage]:
    """The chosen sentences as passages a reader understands without the article."""
    readings = _readings(sentences, paragraphs, speakers)
    style = quote_style(sentences)
    shown = set(positions)
    runs: list[list[int]] = []
    for position in sorted(shown):
        if (
            runs
            and runs[-1][-1] == position - 1
            and readings[position - 1].state.left_open
            and readings[position].state.continues
        ):
            runs[-1].append(position)
        else:
            runs.append([position])
    passages: list[Passage] = []
    for run in runs:
        text = render_run([sentences[p] for p in run], [readings[p].state for p in run], style)
        first = run[0]
        name = readings[first].speaker
        # The item just before names the speaker well enough for a quotation or a "he
        # said" inside the sentence; a sentence opening with its pronoun needs the very
        # sentence before it.
        adjacent = bool(passages) and passages[-1].positions[-1] == first - 1
        before = (
            [passages[-1].text]
            if passages and (adjacent or not _opening_pronoun_speaks(sentences[first]))
            else []
        )
        named = None
        if (
            name is not None
            and _speaker_unnamed(sentences[first], readings[first].state)
            and not speaker_in_view(name, text, *before)
        ):
            text, named = name_speaker(text, name), name
        passages.append(Passage(tuple(run), text, named))
    return passages


def _speaker_unnamed(text: str, state: QuoteState) -> bool:
    """The sentence's speaker is only a pronoun in it, or not in it at all."""
    return speaking_pronoun(text) is not None or dependence(text, state) == QUOTATION


def summarize_text(
    text: str,
    *,
    title: str | None = None,
    count: int | None = None,
    ratio: float | None = None,
    algorithm: str = "default",
) -> list[str]:
    """Summarise raw story text whose paragraphs are separated by blank lines."""
    sentences = [
        sentence
        for paragraph in re.split(r"\n\s*\n", text)
        if paragraph.strip()
        for sentence in split_sentences(paragraph)
    ]
    chosen = summarize(sentences, title=title, count=count, ratio=ratio, algorithm=algorithm)
    return [sentences[i] for i in chosen]
