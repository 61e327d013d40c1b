"""The two eval use cases the CLI calls: an eval set through the assistant (with baselines side by side), and a
BEIR dataset through our retrieval pipeline.

>>> items = load_eval_set(Path("evals/questions.jsonl"))                        # doctest: +SKIP
>>> runs, meta = evaluate_set(assistant, items, compare=["dense", "hybrid"])  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..types import Turn
from .runner import EvalItem, ItemResult, run_eval, run_retrieval


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def retrieval_settings(settings: Any) -> dict[str, Any]:
    keys = ("fusion", "rrf_k", "dense_weight", "candidates", "top_k", "max_chunks_per_doc", "chunk_size",
            "bm25_k1", "bm25_b", "prf_docs", "prf_terms", "prf_lexical_weight", "prf_dense_weight", "fusion_unit")
    return {k: getattr(settings, k) for k in keys if hasattr(settings, k)}


def evaluate_set(assistant: Any, items: list[EvalItem], *, primary: str = "hybrid", compare: list[str] | None = None,
                 progress: bool = True, eval_set: str = "") -> tuple[dict[str, list[ItemResult]], dict[str, Any]]:
    """Run every system on the same items. ``dense`` in ``compare`` is the plain LangChain baseline (retrieval only);
    ``hybrid`` and ``bm25`` run the full pipeline. Returns the results per system and the report metadata."""
    from tqdm import tqdm

    from ..answering import analyse

    systems = compare or [primary]
    runs: dict[str, list[ItemResult]] = {}
    for name in systems:
        bar = tqdm(total=len(items), unit="question", desc=f"eval ({name})", disable=not progress or None)
        try:
            if name == "dense" and compare:
                from .baselines import LangChainDense

                dense = LangChainDense(assistant.store, assistant.embedder, assistant.retriever, progress=progress)

                def search(question: str, history: list[Turn] | None, dense: LangChainDense = dense) -> list[str]:
                    return dense.search(analyse(question, history).text, 10)

                runs[name] = run_retrieval(search, items, progress=bar.update)
            else:
                runs[name] = run_eval(assistant, items, mode=name, progress=bar.update)
        finally:
            bar.close()
    retriever = assistant.retriever
    meta = {"eval_set": eval_set, "created": _now(), "settings": retrieval_settings(assistant.settings),
            "index": {"passages": retriever.size, "documents": len({m.get("doc_id") for m in retriever.metas})},
            "baselines": {"dense": "LangChain Chroma similarity_search (retrieval only)" if "dense" in systems
                          and compare else None}}
    return runs, meta


def evaluate_beir(settings: Any, directory: Path, split: str, *, compare: list[str] | None = None,
                  progress: bool = True, echo: Callable[[str], None] = print) -> dict[str, Any]:
    """Index a BEIR dataset (incrementally) and score every system on the split's judged queries."""
    from ..assistant import build_assistant
    from .beir import beir_settings, index_dataset, load_beir, per_query, run_queries, score
    from .metrics import percentile

    dataset = load_beir(directory, split)
    bsettings = beir_settings(settings, dataset)
    assistant = build_assistant(bsettings)
    report = index_dataset(assistant.store, lambda: assistant.embedder, assistant.chunker, dataset,
                           progress=progress)
    echo(f"index {bsettings.index_dir} (collection {bsettings.collection}): {report.summary()}")
    retriever = assistant.retriever
    retriever.refresh(force=True)
    systems = list(dict.fromkeys([*(compare or []), "hybrid"]))
    searches: dict[str, Callable[[str], list[str]]] = {}
    for name in systems:
        if name == "dense":
            from .baselines import LangChainDense

            searches[name] = LangChainDense(assistant.store, assistant.embedder, retriever, progress=progress).top100
        else:
            searches[name] = partial(_ours, retriever, name)
    results: dict[str, Any] = {}
    for name in systems:
        run, latencies = run_queries(searches[name], dataset, label=name, progress=progress)
        figures = score(run, dataset.qrels)
        ndcg = per_query(run, dataset.qrels)
        results[name] = {**figures, "latency_ms": {"p50": round(percentile(latencies, 50), 2),
                                                   "p95": round(percentile(latencies, 95), 2)},
                         "zero_ndcg_queries": sorted(q for q, v in ndcg.items() if v == 0.0)}
        echo(f"{name:>7}: " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    return {"dataset": dataset.name, "split": split, "queries": len(dataset.queries),
            "documents": len(dataset.corpus), "passages": report.passages, "created": _now(),
            "index_seconds": round(report.seconds, 1), "embedded_now": report.embedded,
            "settings": retrieval_settings(bsettings), "systems": results}


def _ours(retriever: Any, mode: str, query: str) -> list[str]:
    return [h.doc_id for h in retriever.retrieve(query, k=100, mode=mode)]


def beir_metrics(result: dict[str, Any]) -> dict[str, Any]:
    """``metrics.json``: the hybrid figures at top level, every baseline's under its name."""
    keys = ("ndcg@10", "recall@100", "mrr@10")
    out: dict[str, Any] = {k: result["systems"]["hybrid"][k] for k in keys}
    for name, figures in result["systems"].items():
        if name != "hybrid":
            out[name] = {k: figures[k] for k in keys}
    return out


def beir_markdown(result: dict[str, Any]) -> str:
    lines = [f"# BEIR {result['dataset']}, split {result['split']}", "",
             f"{result['queries']} judged queries, {result['documents']} documents ({result['passages']} passages); "
             f"{result['created']}.", "", "| system | nDCG@10 | Recall@100 | MRR@10 | query p50 ms | query p95 ms | "
             "queries with nDCG@10 = 0 |", "|---|---|---|---|---|---|---|"]
    for name, r in result["systems"].items():
        lines.append(f"| {name} | {r['ndcg@10']:.4f} | {r['recall@100']:.4f} | {r['mrr@10']:.4f} | "
                     f"{r['latency_ms']['p50']} | {r['latency_ms']['p95']} | {len(r['zero_ndcg_queries'])} |")
    lines += ["", "Retrieval settings: `" + json.dumps(result["settings"]) + "`"]
    return "\n".join(lines) + "\n"


def write_beir(out_dir: Path, result: dict[str, Any]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "metrics.json", out_dir / "run.json", out_dir / "report.md"]
    paths[0].write_text(json.dumps(beir_metrics(result), indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    paths[2].write_text(beir_markdown(result), encoding="utf-8")
    return paths
