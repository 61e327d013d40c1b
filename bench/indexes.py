"""Benchmark indexes, built once under the git-ignored ``bench/results/tmp/`` and reused by later runs.

- ``base``: the shipped corpus (an incremental ingest keeps it current, so a changed corpus costs only the change);
- ``scale-N``: the shipped corpus plus N synthetic passages written straight into Chroma. A synthetic passage's
  vector is the normalised mean of three random real evidence-sentence vectors plus Gaussian noise (so it lands in
  the same region of the space as real passages and competes in the dense ranking), and its text is 150 words drawn
  from the corpus vocabulary (so BM25 posting lists are as dense as in a real corpus). No encoder time is spent.
  Synthetic passages carry no evidence sentences; they are distractors for retrieval, not answers.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from common import CACHE

SYNTHETIC_PATH = "synthetic://bench"


def settings_for(index_dir: Path) -> Any:
    from assistant.settings import Settings

    return Settings(index_dir=index_dir)


def base_index() -> Path:
    """The shipped corpus, ingested (incrementally) into ``tmp/base``."""
    from assistant.assistant import build_assistant

    path = CACHE / "base"
    report = build_assistant(settings_for(path)).ingest(progress=False)
    print(f"base index: {report.summary()}", flush=True)
    return path


def scale_index(extra: int, seed: int = 7) -> Path:
    """The shipped corpus plus ``extra`` synthetic passages, in ``tmp/scale-<extra>``."""
    import numpy as np

    from assistant.assistant import build_assistant

    base = base_index()
    path = CACHE / f"scale-{extra}"
    if not path.exists():
        shutil.copytree(base, path)
    assistant = build_assistant(settings_for(path))
    report = assistant.ingest(progress=False)  # keeps the real passages current; synthetic ones are out of scope
    have = len(assistant.store._chunks.get(where={"kind": "synthetic"}, include=[])["ids"])
    if have >= extra:
        print(f"scale-{extra}: reused ({report.summary()})", flush=True)
        return path
    started = time.perf_counter()
    rng = np.random.default_rng(seed + have)
    pool = assistant.store._sentences.get(include=["embeddings", "documents"])
    pool_vectors = np.asarray(pool["embeddings"], dtype=np.float32)
    vocabulary = sorted({w for text in pool["documents"] for w in text.split() if w.isalpha() and len(w) > 2})
    words = np.asarray(vocabulary)
    minerals = ["gallium", "germanium", "antimony", "graphite", "lithium", "cobalt", "nickel", "tungsten"]
    batch = 5000
    for start in range(have, extra, batch):
        n = min(batch, extra - start)
        picks = rng.integers(0, len(pool_vectors), size=(n, 3))
        vectors = pool_vectors[picks].mean(axis=1) + rng.normal(0, 0.02, size=(n, pool_vectors.shape[1]))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids, texts, metas = [], [], []
        for j in range(n):
            i = start + j
            mineral = minerals[i % len(minerals)]
            ids.append(f"synthetic-{i:07d}")
            texts.append(" ".join(rng.choice(words, size=150)))
            metas.append({"doc_id": f"synthetic-{i // 10:06d}", "title": f"Synthetic note {i // 10}",
                          "path": SYNTHETIC_PATH, "kind": "synthetic", "authority": "synthetic", "summary": "",
                          "published": "2024-01-01", "published_int": 20240101, "as_of": "2024-01-01",
                          "sources_json": "[]", "minerals": mineral, "countries": "", "topics": "",
                          f"m_{mineral}": True, "heading": "", "page": -1, "position": i % 10, "n_sentences": 0})
        assistant.store.add_chunks(ids, vectors.astype(np.float32), texts, metas)
        print(f"scale-{extra}: {start + n} synthetic passages written", flush=True)
    assistant.store.bump_generation()
    print(f"scale-{extra}: built in {time.perf_counter() - started:.0f} s", flush=True)
    return path
