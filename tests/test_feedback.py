"""Feedback: the JSONL log, its export as eval-set candidates (CLI), and POST /api/feedback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.cli import app as cli
from assistant.errors import BadRequestError
from assistant.evals import load_eval_set
from assistant.feedback import FeedbackLog, export_candidates

ANSWER = {"answer": "China produced about 98% of primary gallium. [1]", "abstained": False,
          "citations": [{"n": 1, "doc_id": "gallium-controls", "title": "Gallium", "publisher": "USGS",
                         "url": "https://example.org/usgs", "published": "2024-01-31", "quote": "98%",
                         "score": 0.7}]}


def test_record_appends_one_line_with_everything(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    log.record(question="How much gallium does China produce?", answer=ANSWER, verdict="up",
               comment="<script>x</script> spot on", user="alice")
    log.record(question="Lunar helium?", answer={"answer": "not covered", "abstained": True}, verdict="down")
    lines = (tmp_path / "sub" / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert set(first) >= {"time", "question", "answer", "citations", "verdict", "comment"}
    assert first["verdict"] == "up" and first["user"] == "alice" and first["comment"].startswith("<script>")
    assert first["citations"][0]["doc_id"] == "gallium-controls" and "quote" not in first["citations"][0]
    assert len(log.entries()) == 2


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"verdict": "meh"}, "'up' or 'down'"),
    ({"verdict": "up", "comment": "x" * 2001}, "2000"),
    ({"verdict": "up", "question": "  "}, "question"),
])
def test_bad_feedback_is_refused_with_a_reason(tmp_path: Path, kwargs: dict, needle: str) -> None:
    args = {"question": "Q?", "answer": ANSWER, **kwargs}
    with pytest.raises(BadRequestError, match=needle):
        FeedbackLog(tmp_path / "f.jsonl").record(**args)
    assert not (tmp_path / "f.jsonl").exists()


def test_export_makes_valid_eval_items_latest_verdict_wins(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "f.jsonl")
    log.record(question="How much gallium does China produce?", answer=ANSWER, verdict="down")
    log.record(question="how much gallium does  China produce?", answer=ANSWER, verdict="up", comment="good")
    log.record(question="Lunar helium?", answer={"answer": "x", "abstained": True}, verdict="down", comment="wrong")
    with (tmp_path / "f.jsonl").open("a") as handle:
        handle.write('{"torn line\n')
    items = export_candidates(log.entries())
    assert len(items) == 2
    good = next(i for i in items if i["kind"] == "feedback-up")
    assert good["expected_doc_ids"] == ["gallium-controls"] and good["answerable"] is True
    assert good["feedback"]["comment"] == "good"
    assert [i["kind"] for i in export_candidates(log.entries(), verdict="down")] == ["feedback-down"]
    out = tmp_path / "cand.jsonl"
    out.write_text("".join(json.dumps(i) + "\n" for i in items))
    assert [i.id for i in load_eval_set(out)] == [i["id"] for i in items]  # the eval runner accepts them


def test_cli_feedback_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log_path = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("ASSISTANT_FEEDBACK_PATH", str(log_path))
    runner = CliRunner()
    missing = runner.invoke(cli, ["feedback", "export"])
    assert missing.exit_code == 1 and "no feedback log" in missing.output and "Traceback" not in missing.output
    FeedbackLog(log_path).record(question="How much gallium?", answer=ANSWER, verdict="up")
    printed = runner.invoke(cli, ["feedback", "export"])
    assert printed.exit_code == 0 and json.loads(printed.stdout.splitlines()[0])["question"] == "How much gallium?"
    out = tmp_path / "evals" / "candidates.jsonl"
    written = runner.invoke(cli, ["feedback", "export", "--out", str(out), "--verdict", "up"])
    assert written.exit_code == 0 and "wrote 1 eval candidates" in written.output
    assert load_eval_set(out)[0].expected_doc_ids == ["gallium-controls"]
    bad = runner.invoke(cli, ["feedback", "export", "--verdict", "sideways"])
    assert bad.exit_code == 1 and "up or down" in bad.output


def test_api_feedback_route(fixture_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import create_app

    settings = fixture_assistant.settings.model_copy(update={"feedback_path": tmp_path / "fb.jsonl"})
    with TestClient(create_app(settings, fixture_assistant, with_ui=False)) as client:
        answer = client.post("/api/ask", json={"question": "What is the MP Materials price floor?"}).json()
        r = client.post("/api/feedback", json={"question": "What is the MP Materials price floor?", "answer": answer,
                                               "verdict": "down", "comment": "too short"})
        assert r.status_code == 200 and r.json()["recorded"] is True
        bad = client.post("/api/feedback", json={"question": "q", "answer": answer, "verdict": "maybe"})
        assert bad.status_code == 422 and "verdict" in bad.json()["error"]
    entry = json.loads((tmp_path / "fb.jsonl").read_text())
    assert entry["verdict"] == "down" and entry["comment"] == "too short"
    assert entry["citations"][0]["doc_id"] == answer["citations"][0]["doc_id"]
