"""Run an eval set through the full pipeline (or a retrieval baseline) and keep what each item produced.

An item is checked only on what it states: each check applies to the items that carry its field.

==================  =====================================================================================
field               check
==================  =====================================================================================
expected_doc_ids    an expected note is in the top 5 retrieved
must_include        every fact is in the answer (case-insensitive substring, or a regex after ``re:``; a fact
                    that is one bare figure also matches the same quantity written another way)
expected_answer     every figure it holds is in the answer (the verifier's normalisation); with no figure,
                    embedding similarity of the two texts >= ``SIMILARITY_PASS``
aspects             at least three aspects (all, if fewer) in the first ``ASPECT_WORDS`` words
answerable          true: the assistant answers; false: it declines
(any answer)        every citation of an answered, otherwise checked item supports its sentence
(human review)      a person marked this very answer right (``assistant eval review``)
==================  =====================================================================================

An item passes when every check it carries passes; an item that carries none is "unchecked" and counts in no rate.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..figures import normalised as _figures
from ..types import Turn
from .citations import CitationCheck, check_citations

ASPECT_WORDS = 300  # aspects count only when they come early: a reader stops after a screenful
ASPECTS_NEEDED = 3  # a broad answer covers at least this many aspects (all of them, if an item lists fewer)
SIMILARITY_PASS = 0.6  # cosine of the answer and an expected answer without figures; an approximate signal
_BARE_FIGURE = re.compile(r"[\d.,]+\s?%?")  # a fact that is only a number ("12,500", "40%"), no unit or words
_READ_MORE = re.compile(r"^\W*read more\b.*", re.IGNORECASE | re.MULTILINE | re.DOTALL)


class EvalItem(BaseModel):
    """One question and what its answer is checked against (only the fields it carries are checked)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    question: str = Field(min_length=1)
    history: list[Turn] | None = None
    expected_doc_ids: list[str] = Field(default_factory=list)
    must_include: list[str] = Field(default_factory=list)
    expected_answer: str | None = None
    aspects: list[str] = Field(default_factory=list)
    answerable: bool = True
    kind: str | None = None
    qtype: str | None = None
    topic: str = ""
    split: str | None = None

    @property
    def is_followup(self) -> bool:
        return bool(self.history)

    @property
    def answerable_stated(self) -> bool | None:
        """What the item says about answering: explicit ``answerable``, else true when it expects any content."""
        if "answerable" in self.model_fields_set:
            return self.answerable
        if self.must_include or self.expected_answer or self.aspects or self.expected_doc_ids:
            return True
        return None

    @property
    def expected_figures(self) -> set[str]:
        return _figures(self.expected_answer) if self.expected_answer else set()

    @property
    def checks(self) -> list[str]:
        """The names of the automatic checks this item carries, in report order."""
        out = []
        if self.expected_doc_ids and self.answerable_stated is not False:
            out.append("retrieval")
        if self.answerable_stated is not None:
            out.append("answerable" if self.answerable_stated else "declines")
        if self.must_include:
            out.append("facts")
        if self.expected_answer:
            out.append("figures" if self.expected_figures else "similarity")
        if self.aspects:
            out.append("aspects")
        return out


def _answer_window(text: str) -> str:
    """The first ``ASPECT_WORDS`` words of an answer, without its closing "Read more" list of related notes."""
    body = _READ_MORE.sub("", text)
    return " ".join(body.split()[:ASPECT_WORDS])


def facts_missing(facts: list[str], text: str) -> list[str]:
    """The facts an answer lacks; its closing "Read more" titles are no part of it (a fact only a related note's
    title gives is not found)."""
    body = _READ_MORE.sub("", text)
    return [f for f in facts if not fact_present(f, body)]


def aspects_found(aspects: list[str], text: str) -> list[bool]:
    window = _answer_window(text)
    return [fact_present(a, window) for a in aspects]


def figures_missing(expected: str, text: str) -> list[str]:
    """Figures of an expected answer that the answer lacks (both sides normalised as the verifier does)."""
    return sorted(_figures(expected) - _figures(text))


def fact_present(fact: str, text: str) -> bool:
    """A fact is in a text as a substring, as a match of its regex after ``re:``, or, when the fact is one bare
    figure ("12,500", "40%"), as the same quantity in another notation ("12.5 kt", "40 per cent")."""
    if fact.startswith("re:"):
        return re.search(fact[3:], text, flags=re.IGNORECASE) is not None
    if fact.lower() in text.lower():
        return True
    if _BARE_FIGURE.fullmatch(fact.strip()) is None:
        return False
    quantity = _figures(fact)
    return len(quantity) == 1 and quantity <= _figures(text)


@dataclass
class ItemResult:
    """What one system did with one item. ``answer`` is None for retrieval-only baselines."""

    item: EvalItem
    ranked_docs: list[str]
    answer: str | None
    abstained: bool
    missing: list[str]
    timings: dict[str, float]
    citations: list[dict[str, Any]] = field(default_factory=list)
    citation_checks: list[CitationCheck] = field(default_factory=list)
    sentences: int = 0
    answer_type: str | None = None
    blocks: list[dict[str, Any]] = field(default_factory=list)
    abstain_reason: str | None = None
    similarity: float | None = None  # to the item's expected answer
    human: dict[str, Any] | None = None  # a person's verdict on this very answer: {"verdict": "right"|"wrong", ...}

    @property
    def answers(self) -> bool:
        return self.answer is not None

    @property
    def first_hit(self) -> int | None:
        for i, doc in enumerate(self.ranked_docs):
            if doc in self.item.expected_doc_ids:
                return i
        return None

    @property
    def retrieval_ok(self) -> bool:
        return self.first_hit is not None and self.first_hit < 5

    @property
    def answered_correctly(self) -> bool:
        """Answered, with every must_include fact (the facts check)."""
        return self.answers and not self.abstained and not self.missing

    @property
    def unsupported(self) -> list[CitationCheck]:
        return [c for c in self.citation_checks if not c.supported]

    @property
    def aspects(self) -> list[bool]:
        return aspects_found(self.item.aspects, self.answer or "") if self.answers else []

    @property
    def figures_missing(self) -> list[str]:
        if not self.answers or not self.item.expected_answer:
            return []
        return figures_missing(self.item.expected_answer, "" if self.abstained else self.answer or "")

    @property
    def words(self) -> int:
        return len((self.answer or "").split())

    def verdicts(self) -> dict[str, bool]:
        """Every check this item carries, passed or not; a retrieval baseline is judged on retrieval alone."""
        if not self.answers:
            return {"retrieval": self.retrieval_ok} if "retrieval" in self.item.checks else {}
        out: dict[str, bool] = {}
        for name in self.item.checks:
            if name == "retrieval":
                out[name] = self.retrieval_ok
            elif name == "answerable":
                out[name] = not self.abstained
            elif name == "declines":
                out[name] = self.abstained
            elif name == "facts":
                out[name] = self.answered_correctly
            elif name == "figures":
                out[name] = not self.abstained and not self.figures_missing
            elif name == "similarity":
                out[name] = not self.abstained and (self.similarity or 0.0) >= SIMILARITY_PASS
            elif name == "aspects":
                found = self.aspects
                out[name] = not self.abstained and sum(found) >= min(ASPECTS_NEEDED, len(found))
        if (out or self.human) and not self.abstained:
            out["citations"] = not self.unsupported
        if self.human:
            out["human"] = self.human.get("verdict") == "right"
        return out

    @property
    def passed(self) -> bool | None:
        """True when every check the item carries passes; None for an item that carries none."""
        verdicts = self.verdicts()
        return all(verdicts.values()) if verdicts else None

    def problem(self) -> str:
        verdicts = self.verdicts()
        if not verdicts:
            return ""
        out = []
        top5 = ", ".join(self.ranked_docs[:5]) or "nothing"
        for name, ok in verdicts.items():
            if ok:
                continue
            if name == "retrieval":
                out.append(f"expected doc not in top 5 (got {top5})")
            elif name == "declines":
                out.append("answered an unanswerable question")
            elif name in ("answerable", "facts", "figures", "similarity", "aspects") and self.abstained:
                if "abstained" not in out:
                    out.append("abstained")
            elif name == "facts":
                out.append(f"missing {self.missing}")
            elif name == "figures":
                out.append(f"expected figures missing {self.figures_missing}")
            elif name == "similarity":
                out.append(f"similarity to the expected answer {self.similarity or 0.0:.2f} < {SIMILARITY_PASS}")
            elif name == "aspects":
                missed = [a for a, f in zip(self.item.aspects, self.aspects, strict=True) if not f]
                out.append(f"{sum(self.aspects)} of {len(self.aspects)} aspects in the first {ASPECT_WORDS} words "
                           f"(missing {missed})")
            elif name == "citations":
                out += [f"citation [{c.n}] does not support \"{c.sentence[:80]}\" ({c.reason})"
                        for c in self.unsupported]
            elif name == "human":
                out.append("a reviewer marked the answer wrong")
        return "; ".join(out)

    def to_dict(self) -> dict[str, Any]:
        found = self.aspects
        return {"id": self.item.id, "question": self.item.question, "topic": self.item.topic, "kind": self.item.kind,
                "qtype": self.item.qtype, "split": self.item.split,
                "answerable": self.item.answerable_stated, "followup": self.item.is_followup,
                "history": [t.model_dump() for t in self.item.history or []],
                "passed": self.passed, "verdicts": self.verdicts(), "problem": self.problem(), "answer": self.answer,
                "abstained": self.abstained, "answer_type": self.answer_type, "abstain_reason": self.abstain_reason,
                "blocks": self.blocks, "ranked_docs": self.ranked_docs[:10],
                "expected_doc_ids": self.item.expected_doc_ids, "missing": self.missing,
                "expected_answer": self.item.expected_answer, "figures_missing": self.figures_missing,
                "similarity": None if self.similarity is None else round(self.similarity, 4),
                "aspects": {"found": [a for a, f in zip(self.item.aspects, found, strict=True) if f],
                            "missing": [a for a, f in zip(self.item.aspects, found, strict=True) if not f]}
                if self.item.aspects and self.answers else None,
                "words": self.words if self.answers else None, "human": self.human,
                "timings_ms": {k: round(v, 2) for k, v in self.timings.items()},
                "citations": self.citations, "citation_checks": [c.to_dict() for c in self.citation_checks]}


def doc_passages(assistant: Any) -> dict[str, list[str]]:
    """Every indexed passage with its document title and section heading (table rows quoted as sentences carry the
    heading), grouped by document: what a citation is checked against."""
    retriever = assistant.retriever
    retriever.refresh(force=True)
    out: dict[str, list[str]] = {}
    for text, meta in zip(retriever.texts, retriever.metas, strict=True):
        context = f"{meta.get('title', '')}. {meta.get('heading', '')}.\n{text}"
        out.setdefault(str(meta.get("doc_id", "")), []).append(context)
    return out


def run_eval(assistant: Any, items: list[EvalItem], *, mode: str = "hybrid",
             progress: Callable[[int], None] | None = None) -> list[ItemResult]:
    """Ask every item through the full pipeline (``mode`` picks hybrid, dense or bm25 retrieval)."""
    passages = doc_passages(assistant)
    results = []
    for item in items:
        started = time.perf_counter()
        answer = assistant.ask(item.question, item.history, mode=mode, use_cache=False)  # every item composed
        timings = dict(answer.timings_ms)
        timings["end_to_end"] = (time.perf_counter() - started) * 1000
        missing = facts_missing(item.must_include, answer.text)
        checks = [] if answer.abstained else check_citations(answer.sentences, answer.citations, passages)
        served = answer.to_dict()  # answer_type, blocks and abstain_reason where the answerer reports them
        results.append(ItemResult(item, list(answer.retrieved), answer.text, answer.abstained, missing, timings,
                                  [c.to_dict() for c in answer.citations], checks, len(answer.sentences),
                                  served.get("answer_type"), list(served.get("blocks") or []),
                                  served.get("abstain_reason")))
        if progress:
            progress(1)
    score_similarity(assistant.embedder, results)
    return results


def score_similarity(embedder: Any, results: list[ItemResult]) -> None:
    """Cosine similarity of each answer to its item's expected answer (vectors are normalised), in one batch."""
    pairs = [r for r in results if r.item.expected_answer and r.answers]
    if not pairs:
        return
    vectors = embedder.encode([t for r in pairs for t in (r.item.expected_answer or "", r.answer or "")])
    for i, r in enumerate(pairs):
        r.similarity = float(vectors[2 * i] @ vectors[2 * i + 1])


def run_retrieval(search: Callable[[str, list[Turn] | None], list[str]], items: list[EvalItem], *,
                  progress: Callable[[int], None] | None = None) -> list[ItemResult]:
    """A retrieval-only baseline: ``search`` returns document ids in rank order for a question and its history."""
    results = []
    for item in items:
        started = time.perf_counter()
        ranked = search(item.question, item.history)
        elapsed = (time.perf_counter() - started) * 1000
        results.append(ItemResult(item, ranked, None, False, [], {"retrieve": elapsed, "end_to_end": elapsed}))
        if progress:
            progress(1)
    return results
