"""The eval command end to end on the fixture corpus: reports, baselines side by side, --against and the CI gate.

This is the fast subset of the gate that `make test` runs: the fixture corpus (5 notes) and its own small eval set
and thresholds (tests/data/eval/). `make eval` runs the full development set against evals/thresholds.toml.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

DATA = Path(__file__).parent / "data" / "eval"
runner = CliRunner()


@pytest.fixture
def ingested(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    result = runner.invoke(app, ["ingest", "--quiet"])
    assert result.exit_code == 0, result.output
    return corpus


def test_gate_passes_then_fails_when_a_threshold_is_raised(ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["eval", str(DATA / "fixture_questions.jsonl"), "--out", str(out), "--quiet",
                                 "--thresholds", str(DATA / "thresholds.toml")])
    assert result.exit_code == 0, result.output
    assert "gate passed" in result.output
    measured = json.loads((out / "report.json").read_text())["metrics"]
    assert measured["items"] == 10 and measured["abstention_recall"] == 1.0

    raised = tmp_path / "raised.toml"
    too_high = min(1.0, measured["mrr@10"] + 0.01) if measured["mrr@10"] < 1.0 else None
    lines = ["[min]", f'"hit@5" = {measured["hit@5"]}']
    lines.append(f'"mrr@10" = {too_high}' if too_high is not None else '"mrr@10" = 1.01')
    lines.append(f'"citation_precision" = {measured["citation_precision"] + 0.5}')
    raised.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["eval", str(DATA / "fixture_questions.jsonl"), "--quiet",
                                 "--thresholds", str(raised)])
    assert result.exit_code == 1
    assert "gate failed: 2 threshold(s)" in result.output
    assert re.search(r"mrr@10 = [0-9.]+, below the minimum", result.output)
    assert re.search(r"citation_precision = [0-9.]+, below the minimum", result.output)
    assert "hit@5" not in result.output.split("gate failed")[1]  # met exactly: not listed
    assert "Traceback" not in result.output


def test_compare_reports_and_against(ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["eval", str(DATA / "fixture_questions.jsonl"), "--out", str(out), "--quiet",
                                 "--compare", "dense,bm25,hybrid"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert list(report["systems"]) == ["dense", "bm25", "hybrid"] and report["primary"] == "hybrid"
    dense = report["systems"]["dense"]["metrics"]
    assert dense["hit@5"] > 0.5 and "citation_precision" not in dense  # retrieval-only baseline
    assert "citation_precision" in report["systems"]["bm25"]["metrics"]
    markdown = (out / "report.md").read_text()
    assert "## Systems side by side" in markdown and "| metric | dense | bm25 | hybrid |" in markdown

    page = (out / "report.html").read_text()
    assert page.count("src='data:image/png;base64,") == 3
    # self-contained: the only outside URLs are the cited sources' own links
    sources = {c["url"] for i in report["items"] for c in i["citations"]}
    assert set(re.findall(r"(?:src|href)=['\"]?((?:https?:)?//[^'\" >]+)", page)) <= sources

    # a previous report with one item failing and worse metrics: the new run shows it newly passing
    old = json.loads((out / "report.json").read_text())
    old["metrics"]["hit@5"] = 0.5
    old["items"][0]["passed"] = False
    previous = tmp_path / "old.json"
    previous.write_text(json.dumps(old))
    out2 = tmp_path / "report2"
    result = runner.invoke(app, ["eval", str(DATA / "fixture_questions.jsonl"), "--out", str(out2), "--quiet",
                                 "--against", str(previous)])
    assert result.exit_code == 0, result.output
    new = json.loads((out2 / "report.json").read_text())
    assert new["diff"]["metric_deltas"]["hit@5"]["old"] == 0.5
    assert old["items"][0]["id"] in new["diff"]["newly_passing"]
    assert "## Against" in (out2 / "report.md").read_text()


def test_eval_errors_are_clean(ingested: Path, tmp_path: Path) -> None:
    eval_set = str(DATA / "fixture_questions.jsonl")
    cases = [
        (["--compare", "dense,magic"], "use a comma-separated list of dense, bm25, hybrid"),
        (["--thresholds", str(tmp_path / "missing.toml")], "cannot read thresholds"),
        (["--against", str(tmp_path / "missing.json")], "cannot read a previous report.json"),
        (["--mode", "fancy"], "mode 'fancy' is not hybrid, dense or bm25"),
    ]
    for extra, message in cases:
        result = runner.invoke(app, ["eval", eval_set, "--quiet", *extra])
        assert result.exit_code == 1, (extra, result.output)
        assert message in result.output and "Traceback" not in result.output


def test_fixture_eval_set_is_well_formed(tmp_path: Path) -> None:
    """The fixture set stays loadable, and a copy elsewhere works the same (no path assumptions)."""
    from assistant.evals.sets import load_eval_set

    copy = tmp_path / "set.jsonl"
    shutil.copy(DATA / "fixture_questions.jsonl", copy)
    items = load_eval_set(copy)
    assert len(items) == 10 and sum(not i.answerable for i in items) == 2 and sum(i.is_followup for i in items) == 1


@pytest.mark.slow
def test_development_set_meets_its_thresholds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole gate of `make eval`: the shipped corpus, ingested fresh, against evals/thresholds.toml."""
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(root / "corpus"))
    assert runner.invoke(app, ["ingest", "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["eval", str(root / "evals" / "questions.jsonl"), "--quiet", "--out",
                                 str(tmp_path / "dev"), "--thresholds", str(root / "evals" / "thresholds.toml")])
    assert result.exit_code == 0, result.output
    assert "gate passed" in result.output
