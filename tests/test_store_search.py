"""The passage index's dense search is exact: the same question gets the same passages in every process."""

from __future__ import annotations

from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from assistant.store import ChromaStore

DIM = 16


def _filled(index_dir: Path, n: int, search_ef: int) -> tuple[ChromaStore, np.ndarray]:
    store = ChromaStore.open(model_name="made-up-model", dimension=DIM, index_dir=index_dir, search_ef=search_ef)
    vectors = np.random.default_rng(7).normal(size=(n, DIM)).astype(np.float32)
    ids = [f"p{i}" for i in range(n)]
    store.add_chunks(ids, vectors.tolist(), [f"passage {i}" for i in range(n)], [{"doc_id": f"d{i}"} for i in ids])
    return store, vectors


def _exact(vectors: np.ndarray, query: np.ndarray, k: int) -> list[str]:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return [f"p{i}" for i in np.argsort(-(unit @ (query / np.linalg.norm(query))), kind="stable")[:k]]


def test_nearest_passages_are_the_exact_cosine_ranking(tmp_path: Path) -> None:
    store, vectors = _filled(tmp_path / "index", 1500, search_ef=2000)
    queries = np.random.default_rng(11).normal(size=(25, DIM)).astype(np.float32)
    for query in queries:
        found = [cid for cid, _ in store.nearest(query.tolist(), 40)]
        assert found == _exact(vectors, query, 40)


def test_an_index_made_with_chromas_default_search_gets_ours_when_opened(tmp_path: Path) -> None:
    client = chromadb.PersistentClient(path=str(tmp_path / "index"), settings=ChromaSettings(anonymized_telemetry=False))
    meta = {"embedding_model": "made-up-model", "dimension": DIM, "generation": 0}
    for name in ("corpus", "corpus__sentences"):
        client.create_collection(name, embedding_function=None, metadata=meta,
                                 configuration={"hnsw": {"space": "cosine", "ef_search": 10}})
    del client
    ChromaStore.open(model_name="made-up-model", dimension=DIM, index_dir=tmp_path / "index", search_ef=640)
    reopened = chromadb.PersistentClient(path=str(tmp_path / "index"), settings=ChromaSettings(anonymized_telemetry=False))
    for name in ("corpus", "corpus__sentences"):
        assert reopened.get_collection(name, embedding_function=None).configuration["hnsw"]["ef_search"] == 640
