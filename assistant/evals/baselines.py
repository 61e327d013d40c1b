"""Baselines to compare our hybrid retriever with.

``dense`` is what a user builds first: a plain LangChain ``Chroma`` vector store over the same passages, embedded with
the same model, queried with ``similarity_search``. It lives in its own collection (``<collection>__lc_dense``) of
the same Chroma client. Its passages are written once and reused while they match the index; the vectors we already
computed at ingest are handed to LangChain through its ``Embeddings`` interface, so building it costs no embedding.
``bm25`` and ``hybrid`` are our retriever in lexical-only and fused modes.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.embeddings import Embeddings

from ..chunking import embedding_text
from ..types import Chunk

log = logging.getLogger(__name__)
SYSTEMS = ("dense", "bm25", "hybrid")


def parse_systems(value: str) -> list[str]:
    """``"dense,bm25,hybrid"`` into a list, checking every name."""
    from ..errors import BadRequestError

    names = [v.strip() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in SYSTEMS]
    if bad or not names:
        raise BadRequestError(f"--compare {value!r}: use a comma-separated list of {', '.join(SYSTEMS)}")
    return list(dict.fromkeys(names))


class PrecomputedEmbeddings(Embeddings):
    """The model behind LangChain's ``Embeddings`` interface; texts embedded at ingest are served from memory."""

    def __init__(self, embedder: Any, known: dict[str, list[float]] | None = None) -> None:
        self.embedder = embedder
        self.known = known or {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.known]
        if missing:
            for text, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self.known[text] = vector
        return [list(map(float, self.known[t])) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


class LangChainDense:
    """A LangChain ``Chroma`` similarity search over the store's passages.

    >>> dense = LangChainDense(assistant.store, assistant.embedder, assistant.retriever)  # doctest: +SKIP
    >>> dense.search("gallium export controls", 10)  # doctest: +SKIP
    """

    def __init__(self, store: Any, embedder: Any, retriever: Any, *, progress: bool = False) -> None:
        from langchain_chroma import Chroma

        retriever.refresh(force=True)
        self.embeddings = PrecomputedEmbeddings(embedder)
        self.collection = f"{store.name}__lc_dense"
        # the store's client, so this module never imports chromadb itself
        self.vectorstore = Chroma(collection_name=self.collection, client=store.client,
                                  embedding_function=self.embeddings)
        self._sync(store, retriever, progress)

    def _sync(self, store: Any, retriever: Any, progress: bool) -> None:
        wanted = set(retriever.ids)
        have = set(self.vectorstore.get(include=[])["ids"])
        stale = sorted(have - wanted)
        if stale:
            self.vectorstore.delete(ids=stale)
        todo = [i for i, cid in enumerate(retriever.ids) if cid not in have]
        if not todo:
            return
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="passage", desc="dense baseline", disable=not progress or None)
        for start in range(0, len(todo), 1000):
            batch = todo[start:start + 1000]
            ids = [retriever.ids[i] for i in batch]
            stored = store.get_chunks(ids, embeddings=True)
            texts, metas, known_ids = [], [], []
            for cid in ids:
                text, meta, vector = stored[cid]
                chunk = Chunk(cid, str(meta.get("doc_id", "")), text, str(meta.get("heading", "")), 0, [], meta)
                full = embedding_text(chunk)  # what was embedded at ingest
                self.embeddings.known[full] = list(vector)
                texts.append(full)
                metas.append({"doc_id": str(meta.get("doc_id", "")), "title": str(meta.get("title", ""))})
                known_ids.append(cid)
            self.vectorstore.add_texts(texts, metadatas=metas, ids=known_ids)
            bar.update(len(batch))
        bar.close()
        self.embeddings.known.clear()

    def search(self, query: str, n_docs: int, *, passages: int | None = None) -> list[str]:
        """Document ids in rank order (a document ranks by its best passage)."""
        docs = self.vectorstore.similarity_search(query, k=passages or max(n_docs * 3, 10))
        ranked = list(dict.fromkeys(str(d.metadata.get("doc_id", "")) for d in docs))
        return ranked[:n_docs]

    def top100(self, query: str) -> list[str]:
        """A BEIR run's depth: 100 documents from the best 300 passages."""
        return self.search(query, 100, passages=300)
