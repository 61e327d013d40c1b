"""Ingest and the corpus check: a note that breaks a provenance rule is skipped with a warning naming it, and the
passages indexed from its last good version stay; the passages carry each sentence's sources."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner


def _passages(assistant, doc_id: str) -> dict[str, tuple[str, dict]]:  # type: ignore[no-untyped-def]
    ids, texts, metas = assistant.store.all_chunks()
    return {cid: (text, meta) for cid, text, meta in zip(ids, texts, metas, strict=True) if meta["doc_id"] == doc_id}


def test_a_note_failing_the_check_is_skipped_and_keeps_its_passages(make_assistant, corpus: Path) -> None:
    assistant = make_assistant(corpus)
    assert assistant.ingest(progress=False).added == 5
    before = _passages(assistant, "mp-materials")
    assert before and any(meta["section"] == "key_points" for _, meta in before.values())

    note = corpus / "mp-materials.md"
    note.write_text(note.read_text().replace("commissioned in 2028.[^mp-2025]", "commissioned in 2029.")
                    .replace("preferred stock.[^mp-2025]", "preferred stock.[^dod-2025]"))
    report = assistant.ingest(progress=False)
    assert [Path(p).name for p, _ in report.skipped] == ["mp-materials.md"]
    reason = report.skipped[0][1]
    assert "note 'mp-materials' fails the corpus check" in reason and "previously indexed passages are kept" in reason
    assert "has no source marker" in reason or "names no source" in reason
    assert (report.removed, report.chunks_removed) == (0, 0)
    assert _passages(assistant, "mp-materials") == before  # the last good version still answers
    assert "commissioned in 2029" not in " ".join(text for text, _ in before.values())

    note.write_text(note.read_text().replace("commissioned in 2029.", "commissioned in 2029.[^mp-2025]")
                    .replace("[^dod-2025]", "[^mp-2025]"))
    fixed = assistant.ingest(progress=False)
    assert not fixed.skipped and fixed.updated == 1
    texts = " ".join(text for text, _ in _passages(assistant, "mp-materials").values())
    assert "commissioned in 2029" in texts and "[^" not in texts


def test_ingest_command_warns_naming_the_note(make_assistant, corpus: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli import app

    note = corpus / "eu-crma.md"
    note.write_text(note.read_text().replace("key: ec-2024", "key: ec-2023"))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setattr("assistant.cli._assistant", lambda **_: make_assistant(corpus))
    result = CliRunner().invoke(app, ["ingest", "--quiet"])
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if line.startswith("warning: skipped"))
    assert "eu-crma.md: note 'eu-crma' fails the corpus check" in warning
    assert "added 4" in result.stdout


def test_stored_passages_carry_sentence_sources(fixture_assistant) -> None:  # type: ignore[no-untyped-def]
    passages = _passages(fixture_assistant, "rare-earth-mining")
    table = next(meta for text, meta in passages.values() if "| China | 270,000 |" in text)
    assert "U.S. Geological Survey" in next(text for text, _ in passages.values() if "| China | 270,000 |" in text)
    sources = json.loads(table["sentence_sources"])
    assert len(sources) == table["n_sentences"] and ["usgs-2025"] in sources
    keys = {s["key"]: s for s in json.loads(table["sources_json"])}
    assert keys["iea-2024"]["authority"] == "official" and table["authority"] == "official"
    points = next(meta for _, meta in passages.values() if meta["section"] == "key_points")
    assert points["heading"] == "Key points"
    assert json.loads(points["sentence_sources"]) == [["usgs-2025"], ["usgs-2025"], ["iea-2024"]]
