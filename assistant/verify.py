"""Check every answer sentence against the passages it cites, before a user sees it.

One mechanism for every answer, extractive or generated. A sentence is unsupported when:

- it cites nothing, or cites a number that is not among the passages;
- a figure in it (numbers, percentages, money, years; commas, units and million/billion/bn/trillion normalised, so
  "$1.2 billion" == "US$1,200 million") appears in none of its cited passages;
- it names a mineral, country, organisation or other proper name its cited passages never mention;
- it negates what its closest evidence sentence says, or the other way round;
- its meaning is too far from its cited passages: embedding similarity to the closest evidence sentence, plus the
  share of its content words found in the passages, below thresholds calibrated on ``evals/verifier_set.jsonl``
  (``python evals/verifier_eval.py`` writes ``evals/reports/verifier.{json,md}``).

A sentence found verbatim (ignoring case, spacing and markdown) in a cited passage is supported at once, which is why
extractive answers pass without any embedding work. Evidence sentences that look like instructions ("ignore previous
instructions and ...") are never evidence: a claim an injected passage asks for cannot be verified by it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .figures import Figure, figures, missing_figures  # noqa: F401 - re-exported
from .lexicon import find_entities, mentions
from .text import content_terms, split_sentences

# Calibrated on the calibration half of evals/verifier_set.jsonl (python evals/verifier_eval.py; figures in
# evals/reports/verifier.md); a sentence that passes the rules is supported when both hold. The calibration gives word
# overlap no weight (0.0): once the figure, name and negation rules have run, similarity alone separates best.
MIN_SIMILARITY = 0.89
MIN_OVERLAP = 0.0

# -- citation markers ---------------------------------------------------------------------------------------------
_MARKER = re.compile(r"\[\s*(?:(?:passage|source|ref|doc)\s*)?(\d+(?:\s*(?:[,;]|and|[-–])\s*\d+)*)\s*\]",
                     re.IGNORECASE)
_LEADING_MARKERS = re.compile(r"^(?:\s*" + _MARKER.pattern + r")+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def marker_numbers(marker_body: str) -> list[int]:
    """``"1, 3-4"`` -> ``[1, 3, 4]``."""
    out: list[int] = []
    for part in re.split(r"\s*(?:[,;]|and)\s*", marker_body):
        if not part:
            continue
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            lo, hi = int(bounds[0]), int(bounds[1])
            out.extend(range(lo, hi + 1) if 0 <= hi - lo <= 20 else [lo, hi])
        elif part.isdigit():
            out.append(int(part))
    return out


def split_cited(text: str) -> list[str]:
    """Split generated text into raw sentences, each keeping the ``[n]`` markers that follow it.

    Markers written after the full stop ("... in 2023. [1] The ...") belong to the sentence before them.
    """
    pieces: list[str] = []
    for line in re.split(r"\n+", text):
        line = _BULLET.sub("", re.sub(r"\*\*|__|`|^#+\s*", "", line.strip()))
        pieces.extend(split_sentences(line) if line else [])
    out: list[str] = []
    for piece in pieces:
        leading = _LEADING_MARKERS.match(piece)
        if leading and out:
            out[-1] += " " + leading.group(0).strip()
            piece = piece[leading.end():].strip()
        if piece:
            out.append(piece)
    return out


def parse_cited(raw: str) -> tuple[str, list[int]]:
    """A raw sentence into its plain text and the passage numbers it cites, in order."""
    numbers: list[int] = []
    for match in _MARKER.finditer(raw):
        numbers.extend(n for n in marker_numbers(match.group(1)) if n not in numbers)
    text = _MARKER.sub(" ", raw)
    text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip()
    return text, numbers


# -- names and negation -------------------------------------------------------------------------------------------
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z&'-]*[A-Za-z]\b|\b[A-Z]{2,}\b")
_COMMON_CAPS = frozenset("""The A An In On At By For From Of To And Or But As It Its This That These Those Their They
There He She We I Under Over After Before During Since Until While When Where Which Who What Why How According Also
However Meanwhile Both Each Such Some Most Many Other Another January February March April May June July August
September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Ms Dr""".split())
_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without|cannot|unable|lacks?|lacked|"
                       r"\w+n't)\b", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.]{0,40}\b(?:instructions?|prompts?|rules|guidelines|directions)\b|"
    r"\b(?:new|updated|system)\s+(?:instructions?|prompt)\b|\byou\s+(?:are\s+now|must\s+now|should\s+now)\b|"
    r"\bact\s+as\s+(?:an?|the)\b|^\s*(?:system|assistant)\s*:",
    re.IGNORECASE)


@functools.lru_cache(maxsize=65536)  # pure; every answer checks the same stored sentences
def is_instruction(sentence: str) -> bool:
    """Whether a passage sentence reads as an instruction to the model (prompt injection), not as evidence."""
    return _INSTRUCTION.search(sentence) is not None


def missing_names(sentence: str, evidence: str) -> list[str]:
    """Minerals, countries, organisations and other capitalised names of a sentence that the evidence never uses."""
    found = find_entities(sentence)
    missing = [name for kind in ("alias", "mineral", "country") for name, _, _ in found[kind]
               if not mentions(evidence, name)]
    spans = [(s, e) for kind in found for _, s, e in found[kind]]
    lowered = evidence.lower()
    for match in _CAPITALISED.finditer(sentence):
        word = match.group(0)
        if match.start() == 0 or word in _COMMON_CAPS or any(s <= match.start() < e for s, e in spans):
            continue
        stem = word.lower().removesuffix("'s").rstrip("'")
        if stem not in lowered:
            missing.append(word)
    return list(dict.fromkeys(missing))


_CLAUSE = re.compile(r",\s+(?:while|but|whereas|although|and|with)\s+|;\s+")


def clauses(sentence: str) -> list[str]:
    """The parts of a sentence joined by "while", "but", ";"... (each of at least five words), or none."""
    parts = [p.strip(" .") for p in _CLAUSE.split(sentence)]
    parts = [p for p in parts if len(p.split()) >= 5]
    return parts if len(parts) > 1 else []


def negated(text: str) -> bool:
    return _NEGATION.search(text) is not None


# -- the verifier -------------------------------------------------------------------------------------------------
@dataclass
class Passage:
    """A numbered passage an answer may cite: its text, its evidence sentences, and context (title, heading,
    publishers) that names may come from. ``vectors`` are the sentences' embeddings when already known."""

    text: str
    sentences: list[str] = field(default_factory=list)
    context: str = ""
    vectors: Any = None  # np.ndarray (len(sentences) x dim) or None

    def __post_init__(self) -> None:
        if not self.sentences:
            self.sentences = split_cited(self.text) or [self.text]


@dataclass
class SentenceCheck:
    """The verdict on one answer sentence."""

    text: str
    citations: list[int]
    supported: bool
    reason: str = ""
    similarity: float = 1.0
    overlap: float = 1.0
    evidence: str = ""  # the closest evidence sentence, quoted in the citation


def _fold(text: str) -> str:
    text = re.sub(r"\*\*|__|`", "", text).lower()
    return re.sub(r"[^\w%$.,]+", " ", text).strip(" .")


class Verifier:
    """Checks answer sentences against the passages they cite.

    >>> verifier = Verifier(embed=embedder.encode)                                  # doctest: +SKIP
    >>> verifier.check("China produced 98% of gallium.", [1], {1: Passage(text)}).supported   # doctest: +SKIP
    True
    """

    def __init__(self, embed: Callable[[list[str]], Any] | None, *, min_similarity: float = MIN_SIMILARITY,
                 min_overlap: float = MIN_OVERLAP, cache_size: int = 20_000) -> None:
        if not 0.0 <= min_overlap <= 1.0:
            raise ValueError(f"min_overlap {min_overlap} must be between 0 and 1")
        self.embed = embed
        self.min_similarity = min_similarity
        self.min_overlap = min_overlap
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised embeddings, cached by text (passages repeat across questions)."""
        if self.embed is None:
            raise ValueError("this verifier has no embedder; give Verifier(embed=...)")
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            if len(self._cache) + len(todo) > self._cache_size:
                self._cache.clear()
            for text, vector in zip(todo, np.asarray(self.embed(todo), dtype=np.float32), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def features(self, text: str, cited: list[Passage]) -> tuple[float, float, str]:
        """(similarity to the closest piece of evidence, share of content words in the passages, that evidence).

        Evidence pieces are the passages' sentences, their clauses (a sentence may restate half of one) and adjacent
        pairs (or merge two); a clause counts as its whole sentence when quoted back."""
        evidence: list[str] = []
        rows: list[np.ndarray] = []
        for passage in cited:
            keep = [i for i, s in enumerate(passage.sentences) if not is_instruction(s)]
            sentences = [passage.sentences[i] for i in keep]
            evidence.extend(sentences)
            if passage.vectors is not None and len(passage.vectors) == len(passage.sentences):
                rows.extend(np.asarray(passage.vectors, dtype=np.float32)[keep])
            else:
                rows.extend(self.vectors(sentences))
            extra: list[tuple[str, str]] = [(c, s) for s in sentences for c in clauses(s)]
            extra += [(f"{a} {b}", f"{a} {b}") for a, b in zip(sentences, sentences[1:], strict=False)]
            if extra:
                rows.extend(self.vectors([piece for piece, _ in extra]))
                evidence.extend(whole for _, whole in extra)
        terms = set(content_terms(text))
        passage_terms: set[str] = set()
        for passage in cited:
            passage_terms.update(content_terms(" ".join(s for s in passage.sentences if not is_instruction(s))))
        overlap = len(terms & passage_terms) / len(terms) if terms else 0.0
        if not evidence:
            return 0.0, overlap, ""
        sims = np.stack(rows) @ self.vectors([text])[0]
        best = int(np.argmax(sims))
        return float(sims[best]), overlap, evidence[best]

    def check(self, text: str, citations: list[int], passages: Mapping[int, Passage]) -> SentenceCheck:
        """The verdict on one sentence (plain text, without markers) citing ``citations``."""
        check = self.assess(text, citations, passages)
        if check.supported and check.reason != "quoted" and (check.similarity < self.min_similarity
                                                            or check.overlap < self.min_overlap):
            check.supported, check.reason = False, "the cited passage does not say this"
        elif check.supported and check.reason != "quoted":
            check.reason = "supported"
        return check

    def assess(self, text: str, citations: list[int], passages: Mapping[int, Passage]) -> SentenceCheck:
        """The rules (citations, figures, names, negation) and the two measured features, before the calibrated
        thresholds are applied (``evals/verifier_eval.py`` calibrates them from these)."""
        if not citations:
            return SentenceCheck(text, citations, False, "cites no passage", 0.0, 0.0)
        outside = [n for n in citations if n not in passages]
        if outside:
            shown = ", ".join(f"[{n}]" for n in outside)
            return SentenceCheck(text, citations, False, f"cites {shown}, which is not among the passages", 0.0, 0.0)
        cited = [passages[n] for n in citations]
        folded = _fold(text)
        for passage in cited:  # quoted verbatim: the extractive answerer's sentences, and faithful quotes
            for sentence in passage.sentences:
                whole = _fold(sentence)
                if folded and folded in whole and len(folded) >= 0.6 * len(whole) and not is_instruction(sentence):
                    return SentenceCheck(text, citations, True, "quoted", 1.0, 1.0, sentence)
        clean = "\n".join(" ".join(s for s in p.sentences if not is_instruction(s)) for p in cited)
        context = clean + "\n" + "\n".join(p.context for p in cited)
        missing = missing_figures(text, clean)
        if missing:
            return SentenceCheck(text, citations, False,
                                 f"figure {', '.join(missing)} is not in the cited passage", 0.0, 0.0)
        names = missing_names(text, context)
        if names:
            return SentenceCheck(text, citations, False,
                                 f"names {', '.join(names)}, which the cited passage does not mention", 0.0, 0.0)
        similarity, overlap, evidence = self.features(text, cited)
        if evidence and negated(text) != negated(evidence):
            return SentenceCheck(text, citations, False, "contradicts the cited passage (negation)", similarity,
                                 overlap, evidence)
        return SentenceCheck(text, citations, True, "measured", similarity, overlap, evidence)

    def check_text(self, answer: str, passages: Mapping[int, Passage]) -> list[SentenceCheck]:
        """Every sentence of an answer written with ``[n]`` markers."""
        return [self.check(*parse_cited(raw), passages) for raw in split_cited(answer)]

    def unsupported_in(self, answer: Any) -> list[str]:
        """Sentences of an :class:`~assistant.types.Answer` its own citations do not support (quotes as passages)."""
        passages = {c.n: Passage(c.quote, [q.strip() for q in c.quote.split(" … ") if q.strip()],
                                 context=f"{c.title} {c.publisher} {c.source_title}") for c in answer.citations}
        return [s.text for s in answer.sentences if not self.check(s.text, list(s.citations), passages).supported]
