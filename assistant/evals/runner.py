"""Run an eval set through the full pipeline (or a retrieval baseline) and keep what each item produced.

An eval set is JSON Lines: ``{"id", "question", "history"?, "expected_doc_ids", "must_include", "answerable",
"kind"?, "topic"?}``. ``must_include`` entries are case-insensitive substrings, or regexes prefixed with ``re:``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import BadRequestError
from ..types import Turn
from .citations import CitationCheck, check_citations


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    question: str
    history: list[Turn] | None = None
    expected_doc_ids: list[str] = Field(default_factory=list)
    must_include: list[str] = Field(default_factory=list)
    answerable: bool = True
    kind: str | None = None
    topic: str = ""

    @property
    def is_followup(self) -> bool:
        return bool(self.history)


def load_eval_set(path: Path) -> list[EvalItem]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise BadRequestError(f"cannot read eval set {path} ({err.strerror}); check the path") from err
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate_json(line)
        except ValidationError as err:
            raise BadRequestError(f"{path}:{number}: not a valid eval item ({err.errors()[0]['msg']} at "
                                  f"{'.'.join(map(str, err.errors()[0]['loc']))})") from err
        if item.id in seen:
            raise BadRequestError(f"{path}:{number}: id {item.id!r} is used twice; give each item its own id")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise BadRequestError(f"{path} holds no eval items")
    return items


def fact_present(fact: str, text: str) -> bool:
    if fact.startswith("re:"):
        return re.search(fact[3:], text, flags=re.IGNORECASE) is not None
    return fact.lower() in text.lower()


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
        return self.answers and not self.abstained and not self.missing

    @property
    def unsupported(self) -> list[CitationCheck]:
        return [c for c in self.citation_checks if not c.supported]

    @property
    def passed(self) -> bool:
        if not self.answers:  # a retrieval baseline is judged on retrieval alone
            return (not self.item.answerable) or self.retrieval_ok
        if not self.item.answerable:
            return self.abstained
        return self.answered_correctly and self.retrieval_ok and not self.unsupported

    def problem(self) -> str:
        if not self.answers:
            if self.item.answerable and not self.retrieval_ok:
                return f"expected doc not in top 5 (got {', '.join(self.ranked_docs[:5]) or 'nothing'})"
            return ""
        if not self.item.answerable:
            return "" if self.abstained else "answered an unanswerable question"
        out = []
        if self.abstained:
            out.append("abstained")
        if not self.retrieval_ok:
            out.append(f"expected doc not in top 5 (got {', '.join(self.ranked_docs[:5]) or 'nothing'})")
        if self.missing and not self.abstained:
            out.append(f"missing {self.missing}")
        for check in self.unsupported:
            out.append(f"citation [{check.n}] does not support \"{check.sentence[:80]}\" ({check.reason})")
        return "; ".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.item.id, "question": self.item.question, "topic": self.item.topic, "kind": self.item.kind,
                "answerable": self.item.answerable, "followup": self.item.is_followup, "passed": self.passed,
                "problem": self.problem(), "answer": self.answer, "abstained": self.abstained,
                "ranked_docs": self.ranked_docs[:10], "expected_doc_ids": self.item.expected_doc_ids,
                "missing": self.missing, "timings_ms": {k: round(v, 2) for k, v in self.timings.items()},
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
        answer = assistant.ask(item.question, item.history, mode=mode)
        timings = dict(answer.timings_ms)
        timings["end_to_end"] = (time.perf_counter() - started) * 1000
        missing = [f for f in item.must_include if not fact_present(f, answer.text)]
        checks = [] if answer.abstained else check_citations(answer.sentences, answer.citations, passages)
        results.append(ItemResult(item, list(answer.retrieved), answer.text, answer.abstained, missing, timings,
                                  [c.to_dict() for c in answer.citations], checks, len(answer.sentences)))
        if progress:
            progress(1)
    return results


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
