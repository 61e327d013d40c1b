"""Lexical retrieval: BM25 over the stored passages (bm25s, Snowball stemming, English stopwords)."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from typing import Any

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from .lexicon import name_words, names_unit

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's own token pattern, so both sides agree
_STOP = frozenset(STOPWORDS_EN)
# how many times more often the texts must write a word's British spelling than its American one for a question's
# American spelling to be read as the British one
_SPELLING_MAJORITY = 3


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from importlib.resources import files

    text = (files("symspellpy") / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return frozenset(line.split()[0] for line in text.splitlines() if line.strip())


def english_word(word: str) -> bool:
    """Whether a lower-case word, or the singular of a plural one, is in symspellpy's English dictionary."""
    words = _english_words()
    singulars = [word[:-1], word[:-2] if word.endswith("es") else ""] if word.endswith("s") else []
    return word in words or any(s in words for s in singulars if s)


@functools.lru_cache(maxsize=1)
def _name_speller() -> Any:
    """A symspellpy speller knowing the words of the names of minerals, countries and bodies (lower case)."""
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=2)
    for word in name_words():
        speller.create_dictionary_entry(word, 1)
    return speller


class LexicalIndex:
    """BM25 over a list of texts, with an optional boolean mask for filters.

    >>> idx = LexicalIndex(["gallium refining", "germanium optics"])
    >>> idx.search("refined gallium", 1)[0][0]
    0
    """

    def __init__(self, texts: list[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        # the answer path tokenises the same evidence sentences for every question: remember them (pure, per index)
        self._tokens = functools.lru_cache(maxsize=65536)(self._tokenise)
        self.size = len(texts)
        self._bm25: Any = None
        if texts:
            tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, show_progress=False)
            self._bm25 = bm25s.BM25(k1=k1, b=b)
            self._bm25.index(tokens, show_progress=False)
            self.vocabulary = set(tokens.vocab)
            id_to_token = {i: t for t, i in tokens.vocab.items()}
            df = np.bincount(np.concatenate([np.unique(np.asarray(d, dtype=np.int64)) for d in tokens.ids] or
                                            [np.zeros(0, dtype=np.int64)]), minlength=len(id_to_token))
            self._df = {id_to_token[i]: int(n) for i, n in enumerate(df) if i in id_to_token}
        else:
            self.vocabulary = set()
            self._df = {}
        # the texts' words of seven letters or more, by their first three letters, with how often each is used; and
        # all their words as written
        self._by_start: dict[str, Counter[str]] = {}
        self._words: Counter[str] = Counter()
        for text in texts:
            words = re.findall(r"[a-z]+", text.lower())
            self._words.update(words)
            for word in words:
                if len(word) >= 7:
                    self._by_start.setdefault(word[:3], Counter())[word] += 1

    def tokens(self, text: str) -> list[str]:
        """Lower-cased, stemmed tokens without stopwords, as the index tokenises."""
        return list(self._tokens(text))

    def _tokenise(self, text: str) -> tuple[str, ...]:
        return tuple(self._stemmer.stemWord(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP)

    def idf(self, token: str) -> float:
        df = self._df.get(token, 0)
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def in_vocabulary(self, token: str) -> bool:
        return token in self.vocabulary

    def expand_contractions(self, text: str) -> str:
        """``text`` with each contraction the texts never use written as the word of the texts it stands for: its
        first three or more letters and its last, ending in two consonants, with three or more letters left out
        between ("the Commerce Dept" -> "the Commerce Department", "Intl" -> "International"; the word used most,
        where several fit). A word the texts use, or one that no longer word of theirs fits, is left alone ("Bolt":
        no "bol...t" word).

        >>> index = LexicalIndex(["the department of commerce", "a depot"])
        >>> index.expand_contractions("the Commerce Dept and the dept")
        'the Commerce Department and the department'
        """
        def full(match: re.Match[str]) -> str:
            word = match.group(0)
            w = word.lower()
            if any(c in "aeiouy" for c in w[-2:]) or any(t in self.vocabulary for t in self.tokens(w)):
                return word
            fits = [(n, f) for f, n in self._by_start.get(w[:3], Counter()).items()
                    if f.startswith(w[:-1]) and f.endswith(w[-1]) and len(f) >= len(w) + 3]
            if not fits:
                return word
            found = max(fits)[1]
            return found.capitalize() if word[0].isupper() else found

        return re.sub(r"\b[A-Za-z]{4,6}\b", full, text)

    def british_spellings(self, text: str) -> str:
        """``text`` with each American spelling written in its British form when the texts write it so, by a clear
        majority (breame's list of the two spellings of a word: "data center" -> "data centre", "license" ->
        "licence"); a spelling the texts use about as often is left alone ("defense"), and so are the name of a unit
        (short "tons" are no "tonnes") and a word with a capital, which may be part of a name ("the Acme Center").

        >>> index = LexicalIndex(["a data centre licence: one centre, a centre, the centre", "the Acme Center"])
        >>> index.british_spellings("which data center license, and what of the Acme Center?")
        'which data centre licence, and what of the Acme Center?'
        """
        from breame.spelling import american_spelling_exists, get_british_spelling

        def british(match: re.Match[str]) -> str:
            word = match.group(0)
            if not american_spelling_exists(word) or names_unit(word):
                return word
            other = get_british_spelling(word)
            return other if self._words[other] > _SPELLING_MAJORITY * self._words[word] else word

        return re.sub(r"\b[a-z]{3,}\b", british, text)

    def corrected_names(self, text: str) -> str:
        """``text`` with each misspelt name of a mineral, country or body written right ("galium" -> "gallium",
        "Tungstun" -> "Tungsten"): a word of five letters or more that neither the texts nor an English dictionary
        know, one letter (two, in a word of eight or more) from a word of such a name (symspellpy's lookup, and its
        English frequency dictionary).

        >>> LexicalIndex(["gallium exports"]).corrected_names("why do galium and Germainum matter to Zanzibarium?")
        'why do gallium and Germanium matter to Zanzibarium?'
        """
        from symspellpy import Verbosity

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            w = word.lower()
            if w in self._words or english_word(w):
                return word
            found = _name_speller().lookup(w, Verbosity.TOP, max_edit_distance=1 if len(w) < 8 else 2)
            if not found:
                return word
            return found[0].term.capitalize() if word[0].isupper() else found[0].term

        return re.sub(r"\b[A-Za-z][a-z]{4,}\b", fix, text)

    def query_tokens(self, query: str) -> list[str]:
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self._stemmer, show_progress=False,
                                return_ids=False)
        return list(tokens[0]) if tokens else []

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in self.query_tokens(query) if t in self.vocabulary]
        if self._bm25 is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def token_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 scores for already-tokenised (stemmed) query terms; unknown terms are ignored."""
        tokens = [t for t in tokens if t in self.vocabulary]
        if self._bm25 is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def feedback_terms(self, texts: list[str], exclude: set[str], n: int) -> list[str]:
        """Pseudo relevance feedback: the ``n`` terms weighing most in ``texts`` (share of each text's tokens times
        idf, summed over texts), leaving out ``exclude`` (the query's own terms)."""
        weights: dict[str, float] = {}
        for text in texts:
            tokens = [t for t in self.tokens(text) if t in self.vocabulary and t not in exclude]
            for token in tokens:
                weights[token] = weights.get(token, 0.0) + self.idf(token) / len(tokens)
        return [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]

    def search(self, query: str, k: int, mask: np.ndarray | None = None, *, expansion: list[str] | None = None,
               expansion_weight: float = 0.0) -> list[tuple[int, float]]:
        """Top ``k`` (position, score) pairs with a positive score, best first. ``expansion`` terms (from
        ``feedback_terms``) add their BM25 scores times ``expansion_weight``."""
        scores = self.scores(query)
        if expansion and expansion_weight > 0:
            scores = scores + expansion_weight * self.token_scores(expansion)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        if not scores.size:
            return []
        k = min(k, scores.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
