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


NA = "n/a"  # a metric no item of the set can be scored on: never 0, left out of plots and of the gate


def _share(flags: list[bool]) -> float | str:
    return round(sum(flags) / len(flags), 4) if flags else NA


def _mean(values: list[float]) -> float | str:
    return round(statistics.fmean(values), 4) if values else NA


def hit_at(results: list[ItemResult], k: int) -> float | str:
    return _share([r.first_hit is not None and r.first_hit < k for r in _judged(results)])


def _judged(results: list[ItemResult]) -> list[ItemResult]:
    return [r for r in results if "retrieval" in r.item.checks]


def metrics(results: list[ItemResult]) -> dict[str, Any]:
    """Every headline metric of one system's run, each computed only on the items that carry its check; ``n``
    says how many items each was computed on. Answer metrics are absent for retrieval-only baselines."""
    stated = [r for r in results if r.item.answerable_stated is not None]
    answerable = [r for r in stated if r.item.answerable_stated]
    unanswerable = [r for r in stated if not r.item.answerable_stated]
    judged = _judged(results)
    checked = [r for r in results if r.passed is not None]
    followups = [r for r in checked if r.item.is_followup]
    out: dict[str, Any] = {"items": len(results), "checked": len(checked), "answerable": len(answerable),
                           "unanswerable": len(unanswerable), "followups": len(followups)}
    n: dict[str, int] = {}
    answers = bool(results) and all(r.answers for r in results)

    def put(name: str, value: Any, count: int) -> None:
        out[name] = value
        n[name] = count

    if answers:  # a retrieval-only baseline "passes" on retrieval alone: no pass rate to compare
        put("passed", sum(bool(r.passed) for r in checked), len(checked))
        put("pass_rate", _share([bool(r.passed) for r in checked]), len(checked))
    for k in (1, 5, 10):
        put(f"hit@{k}", hit_at(results, k), len(judged))
    put("mrr@10", _mean([1 / (r.first_hit + 1) if r.first_hit is not None and r.first_hit < 10 else 0.0
                         for r in judged]), len(judged))
    ndcgs, recalls = [], []
    for r in judged:
        expected = set(r.item.expected_doc_ids)
        rel = [1 if d in expected else 0 for d in r.ranked_docs[:10]]
        ideal = _dcg([1] * min(10, len(expected)))
        ndcgs.append(_dcg(rel) / ideal if ideal else 0.0)
        recalls.append(len(expected & set(r.ranked_docs[:10])) / len(expected))
    put("ndcg@10", _mean(ndcgs), len(judged))
    put("recall@10", _mean(recalls), len(judged))
    if answers:
        with_facts = [r for r in results if r.item.must_include]
        put("answer_contains_facts", _share([r.answered_correctly for r in with_facts]), len(with_facts))
        with_figures = [r for r in results if r.item.expected_figures]
        put("expected_answer_figures", _share([not r.abstained and not r.figures_missing for r in with_figures]),
            len(with_figures))
        with_expected = [r for r in results if r.similarity is not None]
        put("expected_answer_similarity", _mean([r.similarity or 0.0 for r in with_expected]), len(with_expected))
        broad = [r for r in results if r.item.aspects]
        put("aspect_coverage", _mean([sum(r.aspects) / len(r.aspects) for r in broad]), len(broad))
        put("broad_3plus", _share([sum(r.aspects) >= 3 for r in broad]), len(broad))
        answered = [r for r in results if not r.abstained]
        put("answer_words", _mean([float(r.words) for r in answered]), len(answered))
        typed = [r for r in results if r.item.qtype and r.answer_type]
        put("answer_type_accuracy", _share([r.answer_type == r.item.qtype for r in typed]), len(typed))
        cited = [r for r in answered if r.citation_checks]
        figures = citation_metrics([r.citation_checks for r in cited])
        for key, value in figures.items():
            put(key, value if cited else NA, len(cited))
        put("citations_per_answer", _mean([float(len(r.citations)) for r in answered]), len(answered))
        put("abstention_recall", _share([r.abstained for r in unanswerable]), len(unanswerable))
        abstained = [r for r in stated if r.abstained]
        put("abstention_precision", _share([not r.item.answerable_stated for r in abstained]), len(abstained))
        put("false_abstentions", sum(1 for r in answerable if r.abstained), len(answerable))
        put("followup_accuracy", _share([bool(r.passed) for r in followups]), len(followups))
        put("followups_correct", sum(bool(r.passed) for r in followups), len(followups))
        reviewed = [r for r in results if r.human]
        put("human_right", _share([bool(r.human and r.human.get("verdict") == "right") for r in reviewed]),
            len(reviewed))
    out["n"] = n
    out["latency_ms"] = latency(results)
    return out


def split_metrics(results: list[ItemResult]) -> dict[str, dict[str, Any]]:
    """The same metrics for every split the items name (``tune``, ``heldout``); empty when none does."""
    splits = sorted({r.item.split for r in results if r.item.split})
    return {s: metrics([r for r in results if r.item.split == s]) for s in splits}


def latency(results: list[ItemResult]) -> dict[str, dict[str, float]]:
    """p50 and p95 per stage (the answer's ``timings_ms``) and end to end."""
    stages = sorted({k for r in results for k in r.timings}, key=lambda s: (s in ("total", "end_to_end"), s))
    return {s: {"p50": round(percentile([r.timings[s] for r in results if s in r.timings], 50), 2),
                "p95": round(percentile([r.timings[s] for r in results if s in r.timings], 95), 2)}
            for s in stages}


def by_topic(results: list[ItemResult]) -> dict[str, float]:
    """Pass rate per topic over the checked items (for a retrieval-only baseline, retrieval is the only check)."""
    topics: dict[str, list[bool]] = {}
    for r in results:
        if r.passed is not None:
            topics.setdefault(r.item.topic or "(none)", []).append(r.passed)
    return {t: float(_share(v)) for t, v in sorted(topics.items())}


def hit_curve(results: list[ItemResult]) -> list[float] | None:
    """hit@1..10, or None when no item names expected documents."""
    if not _judged(results):
        return None
    return [float(hit_at(results, k)) for k in HIT_CURVE]


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
