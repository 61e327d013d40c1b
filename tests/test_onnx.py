"""The ONNX query encoder: the same vectors and rankings as torch, and torch when ONNX cannot be had."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import OnnxQueryEncoder, SentenceEmbedder
from assistant.settings import Settings

QUESTIONS = ["What did China's July 2023 licensing cover?", "Who mines rare earths at Mountain Pass?",
             "How far did germanium export prices rise?", "What does the EU's raw materials act require?"]


@pytest.fixture(scope="module")
def onnx_embedder(tmp_path_factory: pytest.TempPathFactory) -> SentenceEmbedder:
    embedder = SentenceEmbedder(Settings().embedding_model)
    assert embedder.use_onnx_for_queries(tmp_path_factory.mktemp("onnx"), required=True)
    return embedder


def test_vectors_match_torch(onnx_embedder: SentenceEmbedder, embedder: SentenceEmbedder) -> None:
    assert onnx_embedder.query_backend == "onnx"
    ours = np.asarray([onnx_embedder.embed_query(q) for q in QUESTIONS])
    theirs = embedder.encode(QUESTIONS)
    assert (ours * theirs).sum(axis=1).min() >= 0.9999


def test_rankings_match_torch_on_the_fixture_corpus(fixture_assistant, onnx_embedder: SentenceEmbedder) -> None:
    retriever = fixture_assistant.retriever
    for question in QUESTIONS:
        torch_hits = retriever.retrieve(question, query_vector=fixture_assistant.embedder.embed_query(question))
        onnx_hits = retriever.retrieve(question, query_vector=onnx_embedder.embed_query(question))
        assert [h.chunk_id for h in onnx_hits] == [h.chunk_id for h in torch_hits]


def test_the_export_is_cached_and_reused(onnx_embedder: SentenceEmbedder, tmp_path: Path) -> None:
    first = OnnxQueryEncoder.load(onnx_embedder._model, tmp_path, "model@x")
    exported = tmp_path / "model@x.onnx"
    stamp = exported.stat().st_mtime_ns
    second = OnnxQueryEncoder.load(onnx_embedder._model, tmp_path, "model@x")
    assert exported.stat().st_mtime_ns == stamp and not list(tmp_path.glob("*.part"))
    assert np.allclose(first.encode(["gallium"]), second.encode(["gallium"]))


def test_a_preference_loads_at_the_first_query_only(embedder: SentenceEmbedder, tmp_path: Path) -> None:
    fresh = SentenceEmbedder.__new__(SentenceEmbedder)
    fresh.__dict__.update(embedder.__dict__)
    fresh._onnx = None
    fresh.prefer_onnx_for_queries(tmp_path / "onnx")
    fresh.encode(["a batch, as ingest encodes"])
    assert fresh.query_backend == "torch" and not (tmp_path / "onnx").exists()  # an ingest never exports
    fresh.embed_query("gallium")
    assert fresh.query_backend == "onnx" and list((tmp_path / "onnx").glob("*.onnx"))


def test_without_the_exporter_torch_stays(embedder: SentenceEmbedder, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)  # `import onnx` now raises ImportError
    fresh = SentenceEmbedder.__new__(SentenceEmbedder)
    fresh.__dict__.update(embedder.__dict__)
    fresh._onnx = None
    assert not fresh.use_onnx_for_queries(tmp_path / "none")
    assert fresh.query_backend == "torch" and not (tmp_path / "none").exists()
