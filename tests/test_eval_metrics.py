"""Pure logic of the eval harness: citation support, ranking metrics, the gate and report diffs."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadRequestError
from assistant.evals import gate
from assistant.evals.citations import check_citations, citation_metrics, supports
from assistant.evals.metrics import metrics, percentile
from assistant.evals.report import diff, markdown_report
from assistant.evals.runner import EvalItem, ItemResult, fact_present
from assistant.evals.sets import load_eval_set, read_eval_set
from assistant.types import AnswerSentence, Citation

PASSAGE = ("According to the U.S. Geological Survey, China produced about **98%** of the world's primary "
           "low-purity gallium in 2023.\n\n| Country | Share |\n|---|---|\n| China | 98% |")


def test_verbatim_sentence_is_supported() -> None:
    ok, why = supports("China produced about 98% of the world's primary low-purity gallium in 2023.", PASSAGE)
    assert ok and why == "quoted verbatim"


def test_changed_figure_is_not_supported() -> None:
    ok, why = supports("China produced about 90% of the world's primary low-purity gallium in 2023.", PASSAGE)
    assert not ok and "90" in why


def test_unrelated_sentence_is_not_supported() -> None:
    ok, why = supports("Germanium lenses are used in thermal imaging cameras.", PASSAGE)
    assert not ok and "key words" in why


def test_table_row_rewritten_as_sentence_is_supported() -> None:
    ok, _ = supports("Country: China; Share: 98%.", PASSAGE)
    assert ok


def _citation(n: int, doc_id: str) -> Citation:
    return Citation(n=n, doc_id=doc_id, title="t", publisher="p", url="u", published="2024-01-01", quote="q",
                    score=1.0)


def test_citation_precision_and_recall() -> None:
    passages = {"gallium": [PASSAGE], "other": ["Germanium lenses transmit infrared light."]}
    sentences = [AnswerSentence("China produced about 98% of the world's primary low-purity gallium in 2023.", [1]),
                 AnswerSentence("China produced about 98% of the world's primary low-purity gallium in 2023.", [2]),
                 AnswerSentence("An uncited claim about cobalt.", [])]
    checks = check_citations(sentences, [_citation(1, "gallium"), _citation(2, "other")], passages)
    assert [c.supported for c in checks] == [True, False, False]
    figures = citation_metrics([checks])
    assert figures["citation_precision"] == 0.5  # two (sentence, citation) pairs, one supported
    assert figures["citation_recall"] == 0.5  # the repeated sentence is supported once; the uncited one is not


def _result(item: EvalItem, ranked: list[str], *, abstained: bool = False, missing: list[str] | None = None,
            answer: str | None = "text") -> ItemResult:
    return ItemResult(item, ranked, answer, abstained, missing or [], {"retrieve": 5.0, "end_to_end": 10.0})


def test_ranking_metrics() -> None:
    a = EvalItem(id="a", question="q", expected_doc_ids=["x"], must_include=["text"])
    b = EvalItem(id="b", question="q", expected_doc_ids=["y", "z"], must_include=["fact"])
    c = EvalItem(id="c", question="q", answerable=False)
    results = [_result(a, ["x", "p"]), _result(b, ["p", "q", "z"], missing=["fact"]), _result(c, [], abstained=True)]
    m = metrics(results)
    assert m["hit@1"] == 0.5 and m["hit@5"] == 1.0
    assert m["mrr@10"] == round((1 + 1 / 3) / 2, 4)
    assert m["recall@10"] == 0.75
    assert m["answer_contains_facts"] == 0.5
    assert m["abstention_recall"] == 1.0 and m["abstention_precision"] == 1.0
    assert m["passed"] == 2 and m["pass_rate"] == round(2 / 3, 4)
    assert set(m["latency_ms"]) == {"retrieve", "end_to_end"}


def test_retrieval_only_results_have_no_answer_metrics() -> None:
    a = EvalItem(id="a", question="q", expected_doc_ids=["x"])
    m = metrics([_result(a, ["x"], answer=None)])
    assert m["hit@1"] == 1.0 and "answer_contains_facts" not in m and "citation_precision" not in m
    assert "pass_rate" not in m


def test_percentile_is_nearest_rank() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
    assert percentile([], 50) == 0.0


def test_fact_semantics() -> None:
    assert fact_present("re:\\b17\\b", "there are 17 rare earths")
    assert not fact_present("re:\\b17\\b", "there are 170")
    assert fact_present("Lanthanide", "the lanthanides")


def test_gate_lists_every_missed_threshold(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[min]\n"hit@5" = 0.9\n"mrr@10" = 0.5\n"nope" = 1\n[max]\n"latency_ms.end_to_end.p95" = 5\n')
    missed = gate.check({"hit@5": 0.8, "mrr@10": 0.7, "latency_ms": {"end_to_end": {"p95": 9.0}}},
                        gate.load_thresholds(path))
    assert missed == ["hit@5 = 0.8, below the minimum 0.9", "nope: not measured by this run (needs >= 1)",
                      "latency_ms.end_to_end.p95 = 9, above the maximum 5"]


@pytest.mark.parametrize("text, message", [
    ('[min]\n"hit@5" = "high"\n', "is not a number"),
    ("[minimum]\n", "unknown table"),
    ("[min\n", "not valid TOML"),
    ("", "holds no [min] or [max]"),
])
def test_bad_thresholds_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text)
    with pytest.raises(BadRequestError, match=message.replace("[", r"\[").replace("]", r"\]")):
        gate.load_thresholds(path)


def test_duplicate_ids_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "a", "question": "q", "must_include": ["x"]}\n{"id": "a", "question": "r"}\n')
    loaded = read_eval_set(path)
    assert [i.question for i in loaded.items] == ["q"] and [i.id for i in load_eval_set(path)] == ["a"]
    assert loaded.problems[0].startswith("set.jsonl:2: id 'a' is used twice; row skipped")


def test_diff_reports_newly_passing_and_failing() -> None:
    old = {"created": "then", "metrics": {"hit@5": 0.9, "items": 3},
           "items": [{"id": "a", "passed": True}, {"id": "b", "passed": False}, {"id": "c", "passed": True}]}
    new = {"metrics": {"hit@5": 0.95, "items": 3},
           "items": [{"id": "a", "passed": False, "problem": "abstained"}, {"id": "b", "passed": True},
                     {"id": "c", "passed": True}, {"id": "d", "passed": True}]}
    d = diff(old, new)
    assert d["metric_deltas"] == {"hit@5": {"old": 0.9, "new": 0.95, "delta": 0.05}}
    assert d["newly_passing"] == ["b"] and d["newly_failing"] == [{"id": "a", "problem": "abstained"}]
    assert d["new_items"] == ["d"]


def test_markdown_lists_failing_items() -> None:
    from assistant.evals.report import build_payload

    a = EvalItem(id="a", question="Which | pipe?", expected_doc_ids=["x"], must_include=["fact"])
    payload = build_payload({"hybrid": [_result(a, ["p"], missing=["fact"])]}, "hybrid", {"eval_set": "s"})
    text = markdown_report(payload)
    assert "## Failing items, hybrid (1)" in text and "Which \\| pipe?" in text and "expected doc not in top 5" in text
