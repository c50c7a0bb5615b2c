"""Porter stems: the words search terms and the spelling index are made of.

PyStemmer's ``porter`` is the original algorithm (M. F. Porter, 1980), the one SQLite's
porter tokenizer indexes with, so a question's words are stemmed as the stored sentences
were. It is a C extension: importing it costs storing an article nothing, unlike nltk.
A stemmer keeps state while it works and must not be shared between threads, so each
thread gets its own.
"""

from __future__ import annotations

import threading

import Stemmer

_per_thread = threading.local()


def porter_stem(word: str) -> str:
    """The stem of a word, lower-cased (``relational`` → ``relat``, ``ponies`` → ``poni``)."""
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        stemmer = _per_thread.stemmer = Stemmer.Stemmer("porter")
    return stemmer.stemWord(word.lower())
