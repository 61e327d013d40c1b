"""The command line: clean messages and exit codes, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_ingest_then_ask_json(corpus: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    result = runner.invoke(app, ["ingest", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "added 5" in result.output
    result = runner.invoke(app, ["ask", "What price floor did MP Materials get?", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["citations"] and not body["abstained"]
    result = runner.invoke(app, ["ask", "gallium", "--filter", "minerals=gallium", "--filter", "kind=policy-note"])
    assert result.exit_code == 0 and "[1]" in result.output


def test_bad_filter_and_empty_question_are_clean_errors(corpus: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    runner.invoke(app, ["ingest", "--quiet"])
    result = runner.invoke(app, ["ask", "gallium", "--filter", "colour=red"])
    assert result.exit_code == 1 and "unknown filter 'colour'" in result.output
    result = runner.invoke(app, ["ask", "gallium", "--filter", "nonsense"])
    assert result.exit_code == 1 and "KEY=VALUE" in result.output
    result = runner.invoke(app, ["ask", "  "])
    assert result.exit_code == 1 and "empty" in result.output
    assert "Traceback" not in result.output


def test_bad_setting_is_a_clean_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_PORT", "not-a-port")
    result = runner.invoke(app, ["corpus", "check"])
    assert result.exit_code == 1 and "ASSISTANT_PORT" in result.output
    monkeypatch.setenv("ASSISTANT_PORT", "7860")
    monkeypatch.setenv("ASSISTANT_EMBEDDING_MODEL", "/no/such/model")
    result = runner.invoke(app, ["ask", "gallium"])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_eval_command_writes_reports(corpus: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    runner.invoke(app, ["ingest", "--quiet"])
    eval_set = tmp_path / "set.jsonl"
    eval_set.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "question": "What price floor did MP Materials get?", "expected_doc_ids": ["mp-materials"],
         "must_include": ["re:110"], "answerable": True},
        {"id": "b", "question": "Who won the 2022 football World Cup?", "expected_doc_ids": [], "must_include": [],
         "answerable": False}]))
    result = runner.invoke(app, ["eval", str(eval_set), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["metrics"]["hit@5"] == 1.0 and report["metrics"]["abstention_recall"] == 1.0
    assert (tmp_path / "out" / "report.md").read_text().startswith("# Evaluation report")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": 3}\n')
    result = runner.invoke(app, ["eval", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output
