"""`assistant eval beir` on a tiny BEIR-format fixture (tests/data/beir): index, score, reuse, clean errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import BadRequestError
from assistant.evals.beir import load_beir, score

BEIR = Path(__file__).parent / "data" / "beir"
runner = CliRunner()


def test_load_beir_keeps_judged_queries_only() -> None:
    dataset = load_beir(BEIR, "test")
    assert dataset.name == "beir" and len(dataset.corpus) == 12
    assert set(dataset.queries) == {"q1", "q2", "q3", "q4", "q5", "q6"}  # q7 is not judged
    assert dataset.qrels["q1"] == {"d1": 1}


def test_scores_come_from_ir_measures() -> None:
    qrels = {"a": {"d1": 1}, "b": {"d2": 1}}
    run = {"a": {"d9": 2.0, "d1": 1.0}}  # query b retrieved nothing: it counts as zero
    figures = score(run, qrels)
    assert figures == {"ndcg@10": round((1 / 1.5849625) / 2, 4), "recall@100": 0.5, "mrr@10": 0.25}


def test_eval_beir_writes_metrics_and_reuses_the_index(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["eval", "beir", str(BEIR), "--split", "test", "--out", str(out), "--compare", "dense,bm25", "--quiet"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == {"ndcg@10", "recall@100", "mrr@10", "dense", "bm25"}
    assert set(metrics["dense"]) == set(metrics["bm25"]) == {"ndcg@10", "recall@100", "mrr@10"}
    assert metrics["ndcg@10"] > 0.8 and metrics["recall@100"] == 1.0  # six easy, distinct queries
    run = json.loads((out / "run.json").read_text())
    assert run["embedded_now"] == 12 and run["queries"] == 6
    assert "| hybrid |" in (out / "report.md").read_text()
    assert (tmp_path / "index" / "beir" / "beir").is_dir()  # its own folder under the index directory

    result = runner.invoke(app, args)  # a rerun embeds nothing
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text())["embedded_now"] == 0
    assert json.loads((out / "metrics.json").read_text()) == metrics


def test_changed_document_is_reindexed(tmp_path: Path) -> None:
    data = tmp_path / "mini"
    shutil.copytree(BEIR, data)
    result = runner.invoke(app, ["eval", "beir", str(data), "--split", "test", "--out", str(tmp_path / "a"), "--quiet"])
    assert result.exit_code == 0, result.output
    lines = (data / "corpus.jsonl").read_text().splitlines()
    first = json.loads(lines[0])
    first["text"] += " Indium phosphide is another compound semiconductor."
    (data / "corpus.jsonl").write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    result = runner.invoke(app, ["eval", "beir", str(data), "--split", "test", "--out", str(tmp_path / "b"), "--quiet"])
    assert result.exit_code == 0, result.output
    run = json.loads((tmp_path / "b" / "run.json").read_text())
    assert run["embedded_now"] == 1 and run["passages"] == 12


@pytest.mark.parametrize("split, setup, message", [
    ("dev", lambda d: None, "no judgments for split 'dev'"),
    ("test", lambda d: (d / "corpus.jsonl").unlink(), "corpus.jsonl is missing"),
    ("test", lambda d: (d / "corpus.jsonl").write_text("{not json\n"), "corpus.jsonl:1: not JSON"),
    ("dev", lambda d: (d / "qrels" / "dev.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\n"),
     "expected query-id"),
])
def test_bad_beir_folders_are_clean_errors(tmp_path: Path, split: str, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "bad"
    shutil.copytree(BEIR, data)
    setup(data)
    with pytest.raises(BadRequestError, match=message):
        load_beir(data, split)
    result = runner.invoke(app, ["eval", "beir", str(data), "--split", split, "--quiet"])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_eval_beir_needs_a_folder_and_its_own_options() -> None:
    result = runner.invoke(app, ["eval", "beir"])
    assert result.exit_code == 1 and "give the BEIR folder" in result.output
    result = runner.invoke(app, ["eval", "beir", str(BEIR), "--thresholds", "evals/thresholds.toml"])
    assert result.exit_code == 1 and "not to `eval beir`" in result.output


def test_config_file_sets_the_tuned_retrieval(tmp_path: Path) -> None:
    """--config applies a settings TOML: document-level fusion, BM25 parameters and pseudo relevance feedback."""
    config = tmp_path / "beir.toml"
    config.write_text('fusion_unit = "document"\nbm25_k1 = 0.9\nbm25_b = 0.4\nprf_docs = 2\nprf_terms = 5\n')
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "beir", str(BEIR), "--split", "test", "--out", str(out), "--quiet",
                                 "--config", str(config)])
    assert result.exit_code == 0, result.output
    run = json.loads((out / "run.json").read_text())
    assert run["settings"]["fusion_unit"] == "document" and run["settings"]["prf_docs"] == 2
    assert run["systems"]["hybrid"]["recall@100"] == 1.0 and run["systems"]["hybrid"]["ndcg@10"] > 0.8
    config.write_text("no_such_knob = 1\n")
    result = runner.invoke(app, ["eval", "beir", str(BEIR), "--quiet", "--config", str(config)])
    assert result.exit_code == 1 and "unknown setting(s) no_such_knob" in result.output


def test_beir_runs_use_the_profile_tuned_on_train_unless_told_otherwise() -> None:
    from assistant.evals.beir import BEIR_PROFILE, beir_settings
    from assistant.settings import Settings

    class Dataset:
        name = "scifact"

    tuned = beir_settings(Settings(), Dataset())  # type: ignore[arg-type]
    assert all(getattr(tuned, k) == v for k, v in BEIR_PROFILE.items())
    assert tuned.max_chunks_per_doc == 1
    chosen = beir_settings(Settings(fusion="rrf", prf_docs=0), Dataset())  # type: ignore[arg-type]
    assert chosen.fusion == "rrf" and chosen.prf_docs == 0 and chosen.prf_dense_weight == BEIR_PROFILE["prf_dense_weight"]
