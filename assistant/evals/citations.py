"""Does a citation support the sentence that cites it?

The check reads the indexed passages of the cited document, never the answer's own quote (which the answerer wrote,
so checking against it would prove nothing). A citation ``[n]`` supports a sentence when one passage of document
``n``:

1. contains the sentence verbatim, after folding case, whitespace and Markdown markup (our answers are extractive,
   so this is the usual case), or
2. contains every figure of the sentence (numbers, percentages, years) and at least ``MIN_OVERLAP`` of its content
   words (lower-cased words of three or more letters that are not stopwords). This admits table rows rewritten as
   sentences and lightly trimmed sentences, and rejects a sentence whose numbers or subject the passage lacks.

Citation precision is the share of (sentence, citation) pairs that are supported; citation recall is the share of
answer sentences with at least one supporting citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bm25s.stopwords import STOPWORDS_EN

from ..figures import normalised

MIN_OVERLAP = 0.6
_STOP = frozenset(STOPWORDS_EN)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


@dataclass
class CitationCheck:
    sentence: str
    n: int
    doc_id: str
    supported: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "n": self.n, "doc_id": self.doc_id, "supported": self.supported,
                "reason": self.reason}


def fold(text: str) -> str:
    """Lower case, Markdown links as their text, markup and bullets dropped, whitespace collapsed."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"\*\*|__|`|^\s*(?:[-*+]|\d+[.)])\s+", " ", text, flags=re.MULTILINE)
    text = text.replace("|", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def figures(text: str) -> set[str]:
    """The project's one figure parser (``assistant.figures``), so the harness and the verifier agree."""
    return normalised(text)


def content_words(text: str) -> set[str]:
    return {w.strip("'-") for w in _WORD.findall(text.lower()) if w not in _STOP}


def supports(sentence: str, passage: str) -> tuple[bool, str]:
    """Whether ``passage`` supports ``sentence``, and why (or why not)."""
    s, p = fold(sentence), fold(passage)
    s = s.rstrip(".")
    if s and s in p:
        return True, "quoted verbatim"
    lost = sorted(figures(s) - figures(p))
    if lost:
        return False, f"figures {', '.join(lost)} are not in the cited passage"
    words = content_words(s)
    if not words:
        return False, "the sentence has no content words to match"
    share = len(words & content_words(p)) / len(words)
    if share >= MIN_OVERLAP:
        return True, f"figures present, {share:.0%} of key words shared"
    return False, f"only {share:.0%} of its key words are in the cited passage"


def check_citations(sentences: Iterable[Any], citations: Iterable[Any],
                    passages: dict[str, list[str]]) -> list[CitationCheck]:
    """One check per (sentence, citation) pair; a sentence without citations gets one failed check (n=0)."""
    by_n = {c.n: c for c in citations}
    checks = []
    for sentence in sentences:
        if not sentence.citations:
            checks.append(CitationCheck(sentence.text, 0, "", False, "the sentence cites nothing"))
        for n in sentence.citations:
            citation = by_n.get(n)
            if citation is None:
                checks.append(CitationCheck(sentence.text, n, "", False, f"[{n}] names no citation"))
                continue
            best = (False, f"document {citation.doc_id!r} is not in the index")
            for passage in passages.get(citation.doc_id, []):
                verdict = supports(sentence.text, passage)
                if verdict[0]:
                    best = verdict
                    break
                if best[1].startswith("document") or "figures" in best[1]:
                    best = verdict
            checks.append(CitationCheck(sentence.text, n, citation.doc_id, best[0], best[1]))
    return checks


def citation_metrics(checks_per_answer: list[list[CitationCheck]]) -> dict[str, float]:
    """Precision over (sentence, citation) pairs; recall over answer sentences."""
    pairs = [c for checks in checks_per_answer for c in checks if c.n]
    sentences: dict[tuple[int, str], bool] = {}
    for i, checks in enumerate(checks_per_answer):
        for c in checks:
            key = (i, c.sentence)
            sentences[key] = sentences.get(key, False) or c.supported
    precision = sum(c.supported for c in pairs) / len(pairs) if pairs else 0.0
    recall = sum(sentences.values()) / len(sentences) if sentences else 0.0
    return {"citation_precision": round(precision, 4), "citation_recall": round(recall, 4)}
