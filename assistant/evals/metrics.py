"""Metrics over a run's item results: retrieval, answers, citations, abstention, follow-ups and latency."""

from __future__ import annotations

import math
import statistics
from typing import Any

from .citations import citation_metrics
from .runner import ItemResult

HIT_CURVE = range(1, 11)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation), 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def _dcg(relevances: list[int]) -> float:
    return sum(r / math.log2(i + 2) for i, r in enumerate(relevances))


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def hit_at(results: list[ItemResult], k: int) -> float:
    answerable = [r for r in results if r.item.answerable and r.item.expected_doc_ids]
    return _share([r.first_hit is not None and r.first_hit < k for r in answerable])


def metrics(results: list[ItemResult]) -> dict[str, Any]:
    """Every headline metric of one system's run. Answer metrics are absent for retrieval-only baselines."""
    answerable = [r for r in results if r.item.answerable]
    judged = [r for r in answerable if r.item.expected_doc_ids]
    unanswerable = [r for r in results if not r.item.answerable]
    followups = [r for r in results if r.item.is_followup]
    out: dict[str, Any] = {"items": len(results), "answerable": len(answerable), "unanswerable": len(unanswerable),
                           "followups": len(followups)}
    if results and all(r.answers for r in results):  # a retrieval-only baseline "passes" on retrieval alone
        out["passed"] = sum(r.passed for r in results)
        out["pass_rate"] = _share([r.passed for r in results])
    for k in (1, 5, 10):
        out[f"hit@{k}"] = hit_at(results, k)
    out["mrr@10"] = _mean([1 / (r.first_hit + 1) if r.first_hit is not None and r.first_hit < 10 else 0.0
                           for r in judged])
    ndcgs, recalls = [], []
    for r in judged:
        expected = set(r.item.expected_doc_ids)
        rel = [1 if d in expected else 0 for d in r.ranked_docs[:10]]
        ideal = _dcg([1] * min(10, len(expected)))
        ndcgs.append(_dcg(rel) / ideal if ideal else 0.0)
        recalls.append(len(expected & set(r.ranked_docs[:10])) / len(expected))
    out["ndcg@10"] = _mean(ndcgs)
    out["recall@10"] = _mean(recalls)
    if results and all(r.answers for r in results):
        out["answer_contains_facts"] = _share([r.answered_correctly for r in answerable])
        answered = [r for r in results if not r.abstained]
        out.update(citation_metrics([r.citation_checks for r in answered]))
        out["citations_per_answer"] = _mean([float(len(r.citations)) for r in answered])
        out["abstention_recall"] = _share([r.abstained for r in unanswerable])
        abstained = [r for r in results if r.abstained]
        out["abstention_precision"] = _share([not r.item.answerable for r in abstained]) if abstained else 1.0
        out["false_abstentions"] = sum(1 for r in answerable if r.abstained)
        out["followup_accuracy"] = _share([r.answered_correctly and r.retrieval_ok for r in followups])
        out["followups_correct"] = sum(1 for r in followups if r.answered_correctly and r.retrieval_ok)
    out["latency_ms"] = latency(results)
    return out


def latency(results: list[ItemResult]) -> dict[str, dict[str, float]]:
    """p50 and p95 per stage (the answer's ``timings_ms``) and end to end."""
    stages = sorted({k for r in results for k in r.timings}, key=lambda s: (s in ("total", "end_to_end"), s))
    return {s: {"p50": round(percentile([r.timings[s] for r in results if s in r.timings], 50), 2),
                "p95": round(percentile([r.timings[s] for r in results if s in r.timings], 95), 2)}
            for s in stages}


def by_topic(results: list[ItemResult]) -> dict[str, float]:
    """Pass rate per topic; for a retrieval-only baseline, the share of answerable items with an expected document
    in the top 5."""
    topics: dict[str, list[bool]] = {}
    for r in results:
        if r.answers:
            topics.setdefault(r.item.topic or "(none)", []).append(r.passed)
        elif r.item.answerable:
            topics.setdefault(r.item.topic or "(none)", []).append(r.retrieval_ok)
    return {t: _share(v) for t, v in sorted(topics.items())}


def hit_curve(results: list[ItemResult]) -> list[float]:
    return [hit_at(results, k) for k in HIT_CURVE]


def lookup(metrics_: dict[str, Any], path: str) -> Any:
    """A metric by name, dotted for nested values: ``hit@5``, ``latency_ms.end_to_end.p95``."""
    if path in metrics_:
        return metrics_[path]
    value: Any = metrics_
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value
