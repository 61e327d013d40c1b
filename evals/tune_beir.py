"""Grid over retrieval settings on a BEIR split (use `train` only: the test split stays held out).

    python evals/tune_beir.py ../shared/datasets/scifact --split train --out evals/reports/scifact/tuning.json

Reuses the index that `assistant eval beir` builds (.index/beir/<name>), embeds each query once, and caches the
first-pass dense results, so each configuration costs only BM25 and fusion. Prints nDCG@10 / Recall@100 / MRR@10
per configuration, best first, and writes them as JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.assistant import build_assistant  # noqa: E402
from assistant.evals.beir import beir_settings, index_dataset, load_beir, score  # noqa: E402
from assistant.retrieval import HybridRetriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402

GRID: list[dict[str, Any]] = [
    {"mode": "bm25"},
    {"mode": "bm25", "bm25_k1": 0.9, "bm25_b": 0.4},
    {"mode": "dense"},
    {"fusion": "rrf", "rrf_k": 60, "dense_weight": 0.5},
    {"fusion": "rrf", "rrf_k": 60, "dense_weight": 0.5, "fusion_unit": "document"},
    *[{"fusion": "rrf", "rrf_k": k, "dense_weight": w} for k, w in itertools.product((20, 60), (0.4, 0.6))],
    *[{"fusion": "weighted", "dense_weight": w} for w in (0.3, 0.5, 0.7)],
    {"bm25_k1": 0.9, "bm25_b": 0.4},
    *[{"prf_docs": d, "prf_terms": t, "prf_lexical_weight": lw, "prf_dense_weight": dw}
      for d, t, lw, dw in ((3, 10, 0.5, 0.5), (5, 10, 0.5, 0.5), (3, 20, 0.3, 0.5), (3, 10, 0.5, 0.0),
                           (3, 0, 0.0, 0.5), (3, 10, 0.5, 1.0))],
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--split", default="train")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--grid", type=Path, help="JSON list of configurations instead of the built-in grid")
    args = parser.parse_args()
    if args.split == "test":
        parser.error("tune on train (or dev), never on the held-out test split")
    grid = json.loads(args.grid.read_text()) if args.grid else GRID

    dataset = load_beir(args.directory, args.split)
    settings = beir_settings(Settings(), dataset)
    assistant = build_assistant(settings)
    print(index_dataset(assistant.store, lambda: assistant.embedder, assistant.chunker, dataset).summary())
    base = assistant.retriever
    base.refresh(force=True)
    qids = list(dataset.queries)
    vectors = dict(zip(qids, assistant.embedder.encode([dataset.queries[q] for q in qids]).tolist(), strict=True))
    dense_cache: dict[tuple[Any, ...], list[tuple[str, float]]] = {}

    rows = []
    lexical_cache: dict[tuple[float, float], Any] = {}
    for config in grid:
        config = dict(config)
        mode = config.pop("mode", "hybrid")
        params = {"fusion": settings.fusion, "rrf_k": settings.rrf_k, "dense_weight": settings.dense_weight,
                  "bm25_k1": settings.bm25_k1, "bm25_b": settings.bm25_b, "prf_docs": settings.prf_docs,
                  "prf_terms": settings.prf_terms, "prf_lexical_weight": settings.prf_lexical_weight,
                  "prf_dense_weight": settings.prf_dense_weight, "fusion_unit": "passage",
                  "candidates": settings.candidates, **config}
        retriever = HybridRetriever.__new__(HybridRetriever)
        retriever.__dict__.update(base.__dict__)  # share the loaded passages; swap only the knobs
        retriever.fusion, retriever.rrf_k, retriever.dense_weight = (params["fusion"], params["rrf_k"],
                                                                     params["dense_weight"])
        retriever.prf_docs, retriever.prf_terms = params["prf_docs"], params["prf_terms"]
        retriever.fusion_unit, retriever.candidates = params["fusion_unit"], params["candidates"]
        retriever.prf_lexical_weight, retriever.prf_dense_weight = (params["prf_lexical_weight"],
                                                                     params["prf_dense_weight"])
        retriever.refresh = lambda force=False: None  # type: ignore[method-assign]
        key = (params["bm25_k1"], params["bm25_b"])
        if key not in lexical_cache:
            from assistant.lexical import LexicalIndex

            lexical_cache[key] = LexicalIndex(base.lexical_texts, k1=key[0], b=key[1])
        retriever.lexical = lexical_cache[key]
        original_dense = base.dense

        def cached_dense(vector: list[float], filters: Any, n: int, _orig: Any = original_dense) -> Any:
            k = (tuple(vector), n)
            if k not in dense_cache:
                dense_cache[k] = _orig(vector, filters, n)
            return dense_cache[k]

        retriever.dense = cached_dense  # type: ignore[method-assign]
        started = time.perf_counter()
        run = {q: {h.doc_id: float(100 - r) for r, h in enumerate(
            retriever.retrieve(dataset.queries[q], k=100, mode=mode, query_vector=vectors[q]))} for q in qids}
        figures = score(run, dataset.qrels)
        row = {"mode": mode, **params, **figures, "seconds": round(time.perf_counter() - started, 1)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    rows.sort(key=lambda r: -r["ndcg@10"])
    print("\nbest first:")
    for row in rows[:10]:
        print(json.dumps(row))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"dataset": dataset.name, "split": args.split, "results": rows}, indent=2))


if __name__ == "__main__":
    main()
