"""Run an eval set through the full pipeline and score retrieval, answers, abstention, follow-ups and latency.

An eval set is JSON Lines: ``{"id", "question", "history"?, "expected_doc_ids", "must_include", "answerable",
"kind"?, "topic"?}``. ``must_include`` entries are case-insensitive substrings, or regexes prefixed with ``re:``.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import BadRequestError
from .types import Turn


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
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(EvalItem.model_validate_json(line))
        except ValidationError as err:
            raise BadRequestError(f"{path}:{number}: not a valid eval item ({err.errors()[0]['msg']} at "
                                  f"{'.'.join(map(str, err.errors()[0]['loc']))})") from err
    if not items:
        raise BadRequestError(f"{path} holds no eval items")
    return items


def fact_present(fact: str, text: str) -> bool:
    if fact.startswith("re:"):
        return re.search(fact[3:], text, flags=re.IGNORECASE) is not None
    return fact.lower() in text.lower()


def _dcg(relevances: list[int]) -> float:
    return sum(r / math.log2(i + 2) for i, r in enumerate(relevances))


@dataclass
class ItemResult:
    item: EvalItem
    ranked_docs: list[str]
    answer: str
    abstained: bool
    missing: list[str]
    timings: dict[str, float]
    citations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def first_hit(self) -> int | None:
        for i, doc in enumerate(self.ranked_docs):
            if doc in self.item.expected_doc_ids:
                return i
        return None

    @property
    def answered_correctly(self) -> bool:
        return not self.abstained and not self.missing

    @property
    def passed(self) -> bool:
        if not self.item.answerable:
            return self.abstained
        return self.answered_correctly and self.first_hit is not None and self.first_hit < 5

    def problem(self) -> str:
        if not self.item.answerable:
            return "" if self.abstained else "answered an unanswerable question"
        out = []
        if self.abstained:
            out.append("abstained")
        if self.first_hit is None or self.first_hit >= 5:
            out.append(f"expected doc not in top 5 (got {', '.join(self.ranked_docs[:5])})")
        if self.missing and not self.abstained:
            out.append(f"missing {self.missing}")
        return "; ".join(out)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def run_eval(assistant: Any, items: list[EvalItem], *, mode: str = "hybrid") -> list[ItemResult]:
    results = []
    for item in items:
        started = time.perf_counter()
        answer = assistant.ask(item.question, item.history, mode=mode)
        timings = dict(answer.timings_ms)
        timings["end_to_end"] = (time.perf_counter() - started) * 1000
        ranked = answer.retrieved
        missing = [f for f in item.must_include if not fact_present(f, answer.text)]
        results.append(ItemResult(item, ranked, answer.text, answer.abstained, missing, timings,
                                  [c.to_dict() for c in answer.citations]))
    return results


def metrics(results: list[ItemResult]) -> dict[str, Any]:
    answerable = [r for r in results if r.item.answerable]
    unanswerable = [r for r in results if not r.item.answerable]
    followups = [r for r in results if r.item.is_followup]
    out: dict[str, Any] = {"items": len(results), "answerable": len(answerable), "unanswerable": len(unanswerable),
                           "followups": len(followups)}
    for k in (1, 5, 10):
        out[f"hit@{k}"] = _share([r.first_hit is not None and r.first_hit < k for r in answerable])
    out["mrr@10"] = _mean([1 / (r.first_hit + 1) if r.first_hit is not None and r.first_hit < 10 else 0.0
                           for r in answerable])
    ndcgs, recalls = [], []
    for r in answerable:
        rel = [1 if d in r.item.expected_doc_ids else 0 for d in r.ranked_docs[:10]]
        ideal = _dcg([1] * min(10, len(r.item.expected_doc_ids)))
        ndcgs.append(_dcg(rel) / ideal if ideal else 0.0)
        expected = set(r.item.expected_doc_ids)
        recalls.append(len(expected & set(r.ranked_docs[:10])) / len(expected) if expected else 0.0)
    out["ndcg@10"] = _mean(ndcgs)
    out["recall@10"] = _mean(recalls)
    out["answer_contains_facts"] = _share([r.answered_correctly for r in answerable])
    out["abstention_recall"] = _share([r.abstained for r in unanswerable])
    abstained = [r for r in results if r.abstained]
    out["abstention_precision"] = _share([not r.item.answerable for r in abstained]) if abstained else 1.0
    out["false_abstentions"] = sum(1 for r in answerable if r.abstained)
    out["followup_accuracy"] = _share([r.answered_correctly for r in followups])
    out["followups_correct"] = sum(1 for r in followups if r.answered_correctly)
    stages = sorted({k for r in results for k in r.timings})
    out["latency_ms"] = {s: {"p50": round(percentile([r.timings.get(s, 0.0) for r in results], 50), 2),
                             "p95": round(percentile([r.timings.get(s, 0.0) for r in results], 95), 2)}
                         for s in stages}
    return out


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def markdown_report(m: dict[str, Any], results: list[ItemResult]) -> str:
    lines = ["# Evaluation report", "", "| metric | value |", "|---|---|"]
    for key, value in m.items():
        if key != "latency_ms":
            lines.append(f"| {key} | {value} |")
    lines += ["", "| stage | p50 ms | p95 ms |", "|---|---|---|"]
    for stage, v in m["latency_ms"].items():
        lines.append(f"| {stage} | {v['p50']} | {v['p95']} |")
    failing = [r for r in results if not r.passed]
    lines += ["", f"## Failing items ({len(failing)})", "", "| id | question | what went wrong |", "|---|---|---|"]
    for r in failing:
        question = r.item.question.replace("|", "\\|")
        lines.append(f"| {r.item.id} | {question} | {r.problem().replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def write_reports(out_dir: Path, m: dict[str, Any], results: list[ItemResult]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {"metrics": m, "items": [
        {"id": r.item.id, "question": r.item.question, "passed": r.passed, "problem": r.problem(),
         "answer": r.answer, "abstained": r.abstained, "ranked_docs": r.ranked_docs[:10],
         "expected_doc_ids": r.item.expected_doc_ids, "missing": r.missing, "timings_ms": r.timings,
         "citations": r.citations} for r in results]}
    (out_dir / "report.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    (out_dir / "report.md").write_text(markdown_report(m, results), encoding="utf-8")
