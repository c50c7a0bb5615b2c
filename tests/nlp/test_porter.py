"""Search terms are stemmed by the original Porter algorithm: real words stem as nltk stems them.

Snowball's implementation (PyStemmer) and nltk's part on a few letter strings no language
has ("acced"); both sides of every comparison use the same stemmer, so only real words matter.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from nltk.stem.porter import PorterStemmer

from bot.nlp.porter import porter_stem

_REFERENCE = PorterStemmer(PorterStemmer.ORIGINAL_ALGORITHM)
_PAGES = Path(__file__).resolve().parents[1] / "ingest" / "pages"

# The paper's own examples, one or more per rule, and words that take each branch.
PAPER = {
    "caresses": "caress",
    "ponies": "poni",
    "ties": "ti",
    "cats": "cat",
    "feed": "feed",
    "agreed": "agre",
    "plastered": "plaster",
    "bled": "bled",
    "motoring": "motor",
    "sing": "sing",
    "conflated": "conflat",
    "troubled": "troubl",
    "sized": "size",
    "hopping": "hop",
    "tanned": "tan",
    "falling": "fall",
    "hissing": "hiss",
    "fizzed": "fizz",
    "failing": "fail",
    "filing": "file",
    "happy": "happi",
    "sky": "sky",
    "relational": "relat",
    "conditional": "condit",
    "valenci": "valenc",
    "digitizer": "digit",
    "conformabli": "conform",
    "radicalli": "radic",
    "vietnamization": "vietnam",
    "predication": "predic",
    "operator": "oper",
    "feudalism": "feudal",
    "decisiveness": "decis",
    "hopefulness": "hope",
    "callousness": "callous",
    "formaliti": "formal",
    "sensitiviti": "sensit",
    "sensibiliti": "sensibl",
    "triplicate": "triplic",
    "formative": "form",
    "electriciti": "electr",
    "goodness": "good",
    "revival": "reviv",
    "allowance": "allow",
    "airliner": "airlin",
    "adoption": "adopt",
    "communism": "commun",
    "probate": "probat",
    "rate": "rate",
    "cease": "ceas",
    "controll": "control",
    "roll": "roll",
    "syzygy": "syzygi",
    "toy": "toi",
}


@pytest.mark.parametrize(("word", "stem"), sorted(PAPER.items()))
def test_paper_examples(word, stem):
    assert porter_stem(word) == stem
    assert _REFERENCE.stem(word) == stem


def test_every_word_of_the_test_pages_stems_as_nltk_stems_it():
    words: set[str] = set()
    for path in _PAGES.rglob("*"):
        if path.suffix in (".html", ".txt"):
            words.update(re.findall(r"[^\W\d_]+", path.read_text("utf-8").lower()))
    assert len(words) > 3_000
    differing = [w for w in sorted(words) if porter_stem(w) != _REFERENCE.stem(w)]
    assert differing == []


def test_case_is_folded_like_nltk():
    assert porter_stem("Relational") == _REFERENCE.stem("Relational") == "relat"


def test_threads_stemming_at_once_each_get_the_right_stems():
    words = ["relational", "ponies", "conditional", "generalization", "hopping"] * 2_000
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(porter_stem, words, chunksize=50))
    assert results == [_REFERENCE.stem(w) for w in words]
