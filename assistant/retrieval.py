"""Dense, lexical and hybrid retrieval over the store, with metadata filters and diversity across documents.

``HybridRetriever`` fuses a dense ranking (Chroma) and a lexical one (BM25) by reciprocal rank fusion or a normalised
weighted sum, then keeps at most ``max_per_doc`` passages of one document. ``AssistantRetriever`` exposes it as a
LangChain ``BaseRetriever``.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .chunking import date_int, embedding_text, slug_key
from .corpus_names import CorpusNames
from .lexical import LexicalIndex
from .store import ChromaStore
from .types import Chunk, Embedder, Filters, Hit

Mode = Literal["hybrid", "dense", "bm25"]


def chroma_where(filters: Filters | None) -> dict[str, Any] | None:
    """Filters as a Chroma ``where`` clause (lists become ORs of boolean keys)."""
    if filters is None or filters.is_empty():
        return None
    clauses: list[dict[str, Any]] = []
    for values, prefix in ((filters.minerals, "m_"), (filters.countries, "c_"), (filters.topics, "t_")):
        if values:
            ors: list[dict[str, Any]] = [{slug_key(prefix, v): True} for v in values]
            clauses.append(ors[0] if len(ors) == 1 else {"$or": ors})
    for values, key in ((filters.kind, "kind"), (filters.authority, "authority"), (filters.doc_id, "doc_id")):
        if values:
            clauses.append({key: {"$in": list(values)}})
    if filters.published_from:
        clauses.append({"published_int": {"$gte": date_int(filters.published_from.isoformat())}})
    if filters.published_to:
        clauses.append({"published_int": {"$lte": date_int(filters.published_to.isoformat())}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def matches(meta: dict[str, Any], filters: Filters | None) -> bool:
    """The same filters as ``chroma_where``, evaluated in Python (for the lexical side)."""
    if filters is None:
        return True
    for values, prefix in ((filters.minerals, "m_"), (filters.countries, "c_"), (filters.topics, "t_")):
        if values and not any(meta.get(slug_key(prefix, v)) for v in values):
            return False
    for values, key in ((filters.kind, "kind"), (filters.authority, "authority"), (filters.doc_id, "doc_id")):
        if values and meta.get(key) not in values:
            return False
    published = int(meta.get("published_int") or 0)
    if filters.published_from and published < date_int(filters.published_from.isoformat()):
        return False
    return not (filters.published_to and published > date_int(filters.published_to.isoformat()))


def rrf(rankings: list[list[str]], weights: list[float], k: int) -> dict[str, float]:
    """Reciprocal rank fusion; empty rankings simply contribute nothing."""
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank + 1)
    return fused


def weighted(scored: list[dict[str, float]], weights: list[float]) -> dict[str, float]:
    """Min-max normalised scores, summed with weights; a missing score counts as the list's minimum."""
    fused: dict[str, float] = {}
    keys = set().union(*scored) if scored else set()
    for scores, weight in zip(scored, weights, strict=True):
        if not scores:
            continue
        lo, hi = min(scores.values()), max(scores.values())
        span = (hi - lo) or 1.0
        for key in keys:
            fused[key] = fused.get(key, 0.0) + weight * ((scores.get(key, lo) - lo) / span)
    return fused


class HybridRetriever:
    """Retrieves passages for a query.

    >>> retriever = HybridRetriever(store, embedder)            # doctest: +SKIP
    >>> [h.doc_id for h in retriever.retrieve("gallium export controls")][:3]  # doctest: +SKIP
    """

    def __init__(self, store: ChromaStore, embedder: Embedder, *, fusion: str = "rrf", rrf_k: int = 60,
                 dense_weight: float = 0.5, candidates: int = 40, top_k: int = 10, max_per_doc: int = 2,
                 refresh_seconds: float = 2.0, bm25_k1: float = 1.2, bm25_b: float = 0.75, prf_docs: int = 0,
                 prf_terms: int = 10, prf_lexical_weight: float = 0.5, prf_dense_weight: float = 0.5,
                 fusion_unit: str = "passage") -> None:
        if fusion not in ("rrf", "weighted"):
            raise ValueError(f"fusion {fusion!r} is not 'rrf' or 'weighted'")
        if fusion_unit not in ("passage", "document"):
            raise ValueError(f"fusion_unit {fusion_unit!r} is not 'passage' or 'document'")
        self.fusion_unit = fusion_unit
        if not 0.0 <= dense_weight <= 1.0:
            raise ValueError(f"dense_weight {dense_weight} must be between 0 and 1")
        self.store = store
        self.embedder = embedder
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.candidates = candidates
        self.top_k = top_k
        self.max_per_doc = max_per_doc
        self.refresh_seconds = refresh_seconds
        if bm25_k1 < 0 or not 0.0 <= bm25_b <= 1.0:
            raise ValueError(f"BM25 k1={bm25_k1}, b={bm25_b}: k1 must be >= 0 and b between 0 and 1")
        if prf_docs < 0 or prf_terms < 0:
            raise ValueError(f"prf_docs={prf_docs}, prf_terms={prf_terms} must not be negative")
        self.bm25_params = {"k1": bm25_k1, "b": bm25_b}
        # pseudo relevance feedback (off when prf_docs is 0): expand both sides from the first fused ranking
        self.prf_docs = prf_docs
        self.prf_terms = prf_terms
        self.prf_lexical_weight = prf_lexical_weight
        self.prf_dense_weight = prf_dense_weight
        self.lexical_texts: list[str] = []
        self._lock = threading.Lock()
        self._generation = -1
        self._checked = 0.0
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.metas: list[dict[str, Any]] = []
        self.position: dict[str, int] = {}
        self.lexical = LexicalIndex([])
        self._names: tuple[int, CorpusNames] | None = None
        self.refresh(force=True)

    # -- the lexical side follows the store ----------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Rebuild the BM25 index when the store's generation changed (an ingest, maybe by another process)."""
        now = time.monotonic()
        if not force and now - self._checked < self.refresh_seconds:
            return
        with self._lock:
            self._checked = now
            generation = self.store.generation()
            if not force and generation == self._generation:
                return
            ids, texts, metas = self.store.all_chunks()
            lexical_texts = [embedding_text(Chunk(i, m.get("doc_id", ""), t, str(m.get("heading", "")), 0, [], m))
                             for i, t, m in zip(ids, texts, metas, strict=True)]
            self.lexical = LexicalIndex(lexical_texts, **self.bm25_params)
            self.lexical_texts = lexical_texts
            self.ids, self.texts, self.metas = ids, texts, metas
            self.position = {cid: i for i, cid in enumerate(ids)}
            self._generation = generation

    @property
    def names(self) -> CorpusNames:
        """The corpus's proper names, read from its passages once per index generation (a third of a second for
        700 passages), the first time a question needs them."""
        held = self._names
        if held is None or held[0] != self._generation:
            held = self._names = (self._generation, CorpusNames(self.texts))
        return held[1]

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def generation(self) -> int:
        """The store generation the lexical side was built from (it changes with every ingest that changes it)."""
        return self._generation

    def section(self, hit: Hit, *, whole_note: bool = False) -> list[Hit]:
        """Every passage of the hit's note under the same heading (or, ``whole_note``, all of them), in order: a
        long table split in pieces, whole; an explainer's sections, all."""
        doc_id, heading = hit.doc_id, hit.metadata.get("heading", "")
        out = [Hit(cid, doc_id, self.texts[i], self.metas[i], hit.score)
               for i, cid in enumerate(self.ids)
               if self.metas[i].get("doc_id") == doc_id and (whole_note or self.metas[i].get("heading", "") == heading)]
        return sorted(out, key=lambda h: int(h.metadata.get("position", 0)))

    def _mask(self, filters: Filters | None) -> np.ndarray | None:
        if filters is None or filters.is_empty():
            return None
        return np.fromiter((matches(m, filters) for m in self.metas), dtype=bool, count=len(self.metas))

    # -- retrieval -----------------------------------------------------------------------------------------------
    def dense(self, query_vector: list[float], filters: Filters | None, n: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        return self.store.nearest(query_vector, min(n, len(self.ids)), where=chroma_where(filters))

    def bm25(self, query: str, filters: Filters | None, n: int, expansion: list[str] | None = None
             ) -> list[tuple[str, float]]:
        return [(self.ids[i], s) for i, s in self.lexical.search(query, n, self._mask(filters), expansion=expansion,
                                                                 expansion_weight=self.prf_lexical_weight)]

    def _by_document(self, ranking: list[tuple[str, float]]) -> list[tuple[str, str, float]]:
        """A passage ranking as a document ranking: (doc id, its best passage, score), best first."""
        out: list[tuple[str, str, float]] = []
        seen: set[str] = set()
        for cid, value in ranking:
            pos = self.position.get(cid)
            doc_id = str(self.metas[pos].get("doc_id", "")) if pos is not None else cid
            if doc_id not in seen:
                seen.add(doc_id)
                out.append((doc_id, cid, value))
        return out

    def _fuse(self, dense: list[tuple[str, float]], lexical: list[tuple[str, float]]) -> dict[str, float]:
        """Fused scores by passage id. With ``fusion_unit="document"`` each ranking is first collapsed to documents
        (a document ranks by its best passage), so a long document's several passages do not crowd the others out."""
        if self.fusion_unit == "document":
            dense_docs, lexical_docs = self._by_document(dense), self._by_document(lexical)
            best: dict[str, str] = {}
            for doc_id, cid, _ in dense_docs + lexical_docs:
                best.setdefault(doc_id, cid)
            fused = self._fuse_lists([(d, v) for d, _, v in dense_docs], [(d, v) for d, _, v in lexical_docs])
            return {best[d]: v for d, v in fused.items()}
        return self._fuse_lists(dense, lexical)

    def _fuse_lists(self, dense: list[tuple[str, float]], lexical: list[tuple[str, float]]) -> dict[str, float]:
        if self.fusion == "rrf":
            return rrf([[c for c, _ in dense], [c for c, _ in lexical]],
                       [self.dense_weight, 1.0 - self.dense_weight], self.rrf_k)
        return weighted([dict(dense), dict(lexical)], [self.dense_weight, 1.0 - self.dense_weight])

    def _feedback(self, query: str, vector: list[float], first: dict[str, float], filters: Filters | None
                  ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """Second pass: BM25 with the top documents' weightiest terms added (RM3-style), and the query vector moved
        towards the mean of their vectors (Rocchio)."""
        top: list[str] = []
        docs: set[str] = set()
        for cid in sorted(first, key=lambda c: -first[c]):
            pos = self.position.get(cid)
            if pos is None:
                continue
            doc_id = str(self.metas[pos].get("doc_id", ""))
            if doc_id not in docs:
                docs.add(doc_id)
                top.append(cid)
            if len(top) >= self.prf_docs:
                break
        lexical: list[tuple[str, float]] = []
        dense: list[tuple[str, float]] = []
        if self.prf_terms and self.prf_lexical_weight > 0:
            terms = self.lexical.feedback_terms([self.lexical_texts[self.position[c]] for c in top],
                                                set(self.lexical.query_tokens(query)), self.prf_terms)
            lexical = self.bm25(query, filters, self.candidates, expansion=terms)
        if self.prf_dense_weight > 0 and top:
            stored = self.store.get_chunks(top, embeddings=True)
            feedback = np.mean([np.asarray(v[2], dtype=np.float32) for v in stored.values()], axis=0)
            moved = np.asarray(vector, dtype=np.float32) + self.prf_dense_weight * feedback
            moved /= float(np.linalg.norm(moved)) or 1.0
            dense = self.dense([float(x) for x in moved], filters, self.candidates)
        return dense, lexical

    def retrieve(self, query: str, filters: Filters | None = None, *, k: int | None = None, mode: Mode = "hybrid",
                 query_vector: list[float] | None = None, max_per_doc: int | None = None,
                 lead_extra: int = 0) -> list[Hit]:
        """The ``k`` passages ranked best, at most ``max_per_doc`` of one document; the document ranked first may give
        ``lead_extra`` passages more, beyond ``k``, where they outrank the ``k``-th passage kept (the limit keeps other
        documents in view, not the best one's next passage out)."""
        self.refresh()
        k = k or self.top_k
        per_doc_cap = max_per_doc or self.max_per_doc
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vector = query_vector if query_vector is not None else self.embedder.embed_query(query)
            dense = self.dense(vector, filters, self.candidates)
        if mode in ("hybrid", "bm25"):
            lexical = self.bm25(query, filters, self.candidates)
        if mode == "dense":
            fused = {cid: s for cid, s in dense}
        elif mode == "bm25":
            fused = {cid: s for cid, s in lexical}
        else:
            fused = self._fuse(dense, lexical)
            if self.prf_docs and fused:
                second_dense, second_lexical = self._feedback(query, vector, fused, filters)
                dense, lexical = second_dense or dense, second_lexical or lexical
                fused = self._fuse(dense, lexical)
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense)}
        dense_sim = dict(dense)
        lexical_rank = {cid: r for r, (cid, _) in enumerate(lexical)}
        hits: list[Hit] = []
        per_doc: dict[str, int] = {}
        extra = 0
        for cid in sorted(fused, key=lambda c: -fused[c]):
            pos = self.position.get(cid)
            if pos is None:  # stored after our last refresh; picked up at the next one
                continue
            meta = self.metas[pos]
            doc_id = str(meta.get("doc_id", ""))
            if per_doc.get(doc_id, 0) >= per_doc_cap:
                if not hits or doc_id != hits[0].doc_id or per_doc[doc_id] >= per_doc_cap + lead_extra:
                    continue
                extra += 1
            per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
            hits.append(Hit(cid, doc_id, self.texts[pos], meta, fused[cid], dense_rank.get(cid),
                            lexical_rank.get(cid), dense_sim.get(cid)))
            if len(hits) >= k + extra:
                break
        return hits


class AssistantRetriever(BaseRetriever):
    """LangChain face of the hybrid retriever: ``retriever.invoke("question")`` returns ``Document``s.

    >>> docs = AssistantRetriever(retriever=hybrid).invoke("gallium")  # doctest: +SKIP
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    filters: Filters | None = None
    k: int = 8
    mode: str = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.retrieve(query, self.filters, k=self.k, mode=self.mode)
        return [Document(page_content=h.text, id=h.chunk_id,
                         metadata={**h.metadata, "chunk_id": h.chunk_id, "score": h.score}) for h in hits]
