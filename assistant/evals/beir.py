"""BEIR-format retrieval benchmarks: load ``corpus.jsonl``, ``queries.jsonl`` and ``qrels/SPLIT.tsv``, index the
corpus through our pipeline (chunker, embedder, Chroma store, BM25) into its own collection, retrieve for every
judged query and score nDCG@10, Recall@100 and MRR@10 with ir-measures.

The index is incremental like ``ingest``: chunk ids are content hashes, so a rerun embeds nothing that is already
stored. Only passages are embedded (not their evidence sentences): retrieval never reads sentences, and skipping them
makes a 5,000-abstract corpus index about five times faster.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..chunking import Chunker, doc_metadata, embedding_text
from ..errors import BadRequestError
from ..types import Chunk, DocRecord

MEASURES = {"ndcg@10": "nDCG@10", "recall@100": "R@100", "mrr@10": "RR@10"}
DEPTH = 100  # documents kept per query (Recall@100 needs 100)
GROUP = 256  # passages embedded and written together


@dataclass
class BeirDataset:
    """One BEIR dataset split, in memory."""

    name: str
    corpus: dict[str, tuple[str, str]]  # doc id -> (title, text)
    queries: dict[str, str]  # judged queries of the split only
    qrels: dict[str, dict[str, int]]

    def documents(self) -> Iterable[DocRecord]:
        for doc_id, (title, text) in self.corpus.items():
            yield DocRecord(doc_id=doc_id, title=title, path=f"beir/{self.name}/{doc_id}", text=text)


def _jsonl(path: Path, what: str) -> Iterable[dict[str, Any]]:
    if not path.is_file():
        raise BadRequestError(f"{path} is missing; a BEIR folder holds corpus.jsonl, queries.jsonl and "
                              "qrels/SPLIT.tsv")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise BadRequestError(f"{path}:{number}: not JSON ({err.msg}); each line must be one {what}") from err
            if not isinstance(record, dict) or "_id" not in record:
                raise BadRequestError(f"{path}:{number}: a {what} needs an \"_id\" field")
            yield record


def load_beir(directory: Path, split: str) -> BeirDataset:
    """Read a BEIR folder; only the queries judged in ``qrels/<split>.tsv`` are kept."""
    directory = Path(directory)
    if not directory.is_dir():
        raise BadRequestError(f"BEIR folder {directory} does not exist; give a folder holding corpus.jsonl, "
                              "queries.jsonl and qrels/SPLIT.tsv")
    qrels_path = directory / "qrels" / f"{split}.tsv"
    if not qrels_path.is_file():
        available = sorted(p.stem for p in (directory / "qrels").glob("*.tsv"))
        raise BadRequestError(f"no judgments for split {split!r} ({qrels_path} is missing); available splits: "
                              f"{', '.join(available) or 'none'}")
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            row = [c.strip() for c in row]
            if not row or not any(row) or (number == 1 and not row[-1].lstrip("-").isdigit()):
                continue  # blank line or the header
            if len(row) < 3 or not row[2].lstrip("-").isdigit():
                raise BadRequestError(f"{qrels_path}:{number}: expected query-id<TAB>corpus-id<TAB>integer score")
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    corpus = {str(r["_id"]): (str(r.get("title") or ""), str(r.get("text") or ""))
              for r in _jsonl(directory / "corpus.jsonl", "document")}
    all_queries = {str(r["_id"]): str(r.get("text") or "") for r in _jsonl(directory / "queries.jsonl", "query")}
    missing = [q for q in qrels if q not in all_queries]
    if missing:
        raise BadRequestError(f"{qrels_path} judges {len(missing)} queries absent from queries.jsonl "
                              f"(first: {missing[0]!r}); the files do not belong together")
    if not corpus:
        raise BadRequestError(f"{directory / 'corpus.jsonl'} holds no documents")
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", directory.resolve().name).strip("-") or "beir"
    return BeirDataset(name, corpus, {q: all_queries[q] for q in qrels}, qrels)


@dataclass
class IndexReport:
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    deleted: int = 0
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.passages} passages ({self.embedded} embedded now, "
                f"{self.deleted} deleted) in {self.seconds:.1f} s")


def index_dataset(store: Any, embedder: Callable[[], Any], chunker: Chunker, dataset: BeirDataset, *,
                  progress: bool = True) -> IndexReport:
    """Bring the store in step with the dataset's corpus: embed missing passages, delete stale ones."""
    from tqdm import tqdm

    started = time.perf_counter()
    desired: dict[str, Chunk] = {}
    for doc in dataset.documents():
        if not doc.text.strip():  # a title-only document still deserves a passage
            doc.text = doc.title
        base = doc_metadata(doc)
        for chunk in chunker.split(doc):
            chunk.chunk_id = passage_id(doc.doc_id, chunk.heading, chunk.text, base)
            desired.setdefault(chunk.chunk_id, chunk)
    stored = store.chunk_ids()
    to_add = [c for cid, c in desired.items() if cid not in stored]
    to_delete = sorted(stored - desired.keys())
    if to_add:
        model = embedder()
        bar = tqdm(total=len(to_add), unit="passage", desc=f"indexing {dataset.name}", disable=not progress or None)
        try:
            for start in range(0, len(to_add), GROUP):
                group = to_add[start:start + GROUP]
                vectors = model.encode([embedding_text(c) for c in group])
                store.add_chunks([c.chunk_id for c in group], vectors, [c.text for c in group],
                                 [c.metadata for c in group])
                bar.update(len(group))
        finally:
            bar.close()
    if to_delete:
        store.delete_chunks(to_delete)
    if to_add or to_delete:
        store.bump_generation()
    return IndexReport(len(dataset.corpus), len(desired), len(to_add), len(to_delete),
                       time.perf_counter() - started)


def passage_id(doc_id: str, heading: str, text: str, base: dict[str, Any]) -> str:
    """A BEIR passage's content hash. BEIR passages store no evidence sentences, so unlike ``Chunker`` ids it covers
    only the passage and its document's metadata: a change in sentence splitting does not re-embed a whole corpus."""
    payload = json.dumps([doc_id, heading, text, base, None], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


Run = dict[str, dict[str, float]]


def run_queries(search: Callable[[str], list[str]], dataset: BeirDataset, *, label: str,
                progress: bool = True) -> tuple[Run, list[float]]:
    """Ranked documents for every judged query: {query id: {doc id: score}}, and per-query latency in ms."""
    from tqdm import tqdm

    run: Run = {}
    latencies: list[float] = []
    for qid, text in tqdm(dataset.queries.items(), total=len(dataset.queries), unit="query",
                          desc=f"querying ({label})", disable=not progress or None):
        started = time.perf_counter()
        ranked = search(text)
        latencies.append((time.perf_counter() - started) * 1000)
        run[qid] = {doc: float(DEPTH - rank) for rank, doc in enumerate(ranked[:DEPTH])}
    return run, latencies


def score(run: Run, qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """nDCG@10, Recall@100 and MRR@10 (ir-measures, pytrec_eval backend), averaged over judged queries.

    A judged query with no retrieved document scores zero (ir-measures alone would skip it).
    """
    import ir_measures

    measures = [ir_measures.parse_measure(m) for m in MEASURES.values()]
    filled = {q: (run.get(q) or {"__none__": 0.0}) for q in qrels}
    aggregate = ir_measures.calc_aggregate(measures, qrels, filled)
    by_name = {str(m): v for m, v in aggregate.items()}
    return {key: round(float(by_name[name]), 4) for key, name in MEASURES.items()}


def per_query(run: Run, qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """nDCG@10 of each judged query (for the failure list)."""
    import ir_measures

    measure = ir_measures.parse_measure("nDCG@10")
    filled = {q: (run.get(q) or {"__none__": 0.0}) for q in qrels}
    return {m.query_id: float(m.value) for m in ir_measures.iter_calc([measure], qrels, filled)}


# Retrieval tuned on SciFact *train* (evals/tune_beir.py, evals/beir.toml): a BEIR run uses it unless the run's
# settings (a --config file or ASSISTANT_* variables) say otherwise.
BEIR_PROFILE: dict[str, Any] = {"fusion": "weighted", "dense_weight": 0.5, "bm25_k1": 1.2, "bm25_b": 0.75,
                                "prf_docs": 3, "prf_terms": 0, "prf_lexical_weight": 0.0, "prf_dense_weight": 0.3}


def beir_settings(settings: Any, dataset: BeirDataset) -> Any:
    """The settings for a BEIR run: its own index folder and collection, one passage per document, depth 100."""
    profile = {k: v for k, v in BEIR_PROFILE.items() if k not in settings.model_fields_set}
    return settings.model_copy(update={
        **profile,
        "index_dir": Path(settings.index_dir) / "beir" / dataset.name,
        "collection": f"beir-{dataset.name}"[:60],
        "max_chunks_per_doc": 1,
        "top_k": DEPTH,
        "candidates": max(settings.candidates, 3 * DEPTH),
    })
