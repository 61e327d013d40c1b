"""The vector store: Chroma, embedded (persistent on disk) or a Chroma server, through one code path.

This is the only module that imports chromadb. Embeddings are always ours: collections are created without an
embedding function, so Chroma never loads (or downloads) a model of its own. Two collections hold the index:
``<name>`` (passages) and ``<name>__sentences`` (the evidence sentences of each passage, id ``<chunk id>:<i>``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import ConfigError, IndexMismatchError, StoreUnavailableError

log = logging.getLogger(__name__)
T = TypeVar("T")
SENTENCE_MEMORY = 20_000  # evidence sentences kept in memory (about 1.6 kB each with a 384-d vector: ~32 MB)


@contextmanager
def _translate(where: str, address: str | None = None) -> Iterator[None]:
    """Turn a lost Chroma server into ``StoreUnavailableError``; leave our own errors alone."""
    try:
        yield
    except (IndexMismatchError, ConfigError):
        raise
    except Exception as err:
        text = f"{type(err).__name__}: {err}"
        lowered = text.lower()
        if any(s in lowered for s in ("connect", "refused", "timed out", "timeout", "unavailable", "remoteprotocol",
                                      "could not", "broken pipe", "reset by peer", "server disconnected")):
            at = address or "ASSISTANT_CHROMA_HOST:ASSISTANT_CHROMA_PORT"
            raise StoreUnavailableError(
                f"the Chroma server at {at} cannot be reached while {where} ({text}); start it again with "
                "`chroma run --path DIR --host HOST --port PORT` on the same data folder; the assistant reconnects "
                "by itself once it answers") from err
        raise


class ChromaStore:
    """Passages and their sentences in Chroma, tagged with the embedding model that made them.

    >>> store = ChromaStore.open(index_dir=Path(".index"), model_name="m", dimension=384)  # doctest: +SKIP
    """

    def __init__(self, client: Any, name: str, model_name: str, dimension: int, address: str | None = None,
                 search_ef: int = 1000) -> None:
        self.client = client
        self._sentence_memory: dict[str, tuple[str, Any]] = {}
        self._memory_lock = threading.Lock()
        self.address = address  # host:port of a Chroma server, None when embedded
        self.name = name
        self.model_name = model_name
        self.dimension = dimension
        self.search_ef = search_ef
        self._chunks: Any = None
        self._sentences: Any = None
        self._open_collections()

    @classmethod
    def open(cls, *, model_name: str, dimension: int, index_dir: Path | None = None, host: str | None = None,
             port: int | None = None, collection: str = "corpus", search_ef: int = 1000) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if host and port:
            try:
                client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
                client.heartbeat()
            except Exception as err:
                raise StoreUnavailableError(
                    f"cannot reach the Chroma server at {host}:{port} ({type(err).__name__}); start it with "
                    f"`chroma run --path DIR --host {host} --port {port}` or unset ASSISTANT_CHROMA_HOST") from err
        else:
            if index_dir is None:
                raise ConfigError("no index folder given; set ASSISTANT_INDEX_DIR")
            try:
                index_dir.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise ConfigError(f"cannot create the index folder {index_dir} ({err.strerror}); "
                                  "set ASSISTANT_INDEX_DIR to a writable folder") from err
            client = chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)
        return cls(client, collection, model_name, dimension, f"{host}:{port}" if host and port else None,
                   search_ef)

    # -- collections -------------------------------------------------------------------------------------------
    def _open_collections(self) -> None:
        with _translate("opening the index", self.address):
            meta = {"embedding_model": self.model_name, "dimension": self.dimension, "generation": 0}
            existing = {c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()}
            for attr, name in (("_chunks", self.name), ("_sentences", f"{self.name}__sentences")):
                if name in existing:
                    collection = self.client.get_collection(name, embedding_function=None)
                    self._check_model(collection.metadata or {}, name)
                    self._set_search_ef(collection)
                else:
                    collection = self.client.get_or_create_collection(
                        name, embedding_function=None, metadata=meta,
                        configuration={"hnsw": {"space": "cosine", "ef_search": self.search_ef}})
                setattr(self, attr, collection)

    def _set_search_ef(self, collection: Any) -> None:
        """Give an index built with another ``ef_search`` (or Chroma's default) ours, so its searches are as exact."""
        hnsw = (getattr(collection, "configuration", None) or {}).get("hnsw") or {}
        if hnsw.get("ef_search", self.search_ef) != self.search_ef:
            collection.modify(configuration={"hnsw": {"ef_search": self.search_ef}})

    def _check_model(self, meta: dict[str, Any], name: str) -> None:
        model, dim = meta.get("embedding_model"), meta.get("dimension")
        if model != self.model_name or dim != self.dimension:
            raise IndexMismatchError(
                f"the index {name!r} was built with embedding model {model!r} (dimension {dim}), but the assistant "
                f"is set to {self.model_name!r} (dimension {self.dimension}); re-ingest with "
                "`assistant ingest --rebuild` or set ASSISTANT_EMBEDDING_MODEL back")

    def drop(self) -> None:
        """Delete both collections (for a rebuild with another model)."""
        with self._memory_lock:
            self._sentence_memory.clear()
        with _translate("dropping the index", self.address):
            for name in (self.name, f"{self.name}__sentences"):
                try:
                    self.client.delete_collection(name)
                except Exception as err:  # absent already
                    log.debug("delete_collection(%s): %s", name, err)
            self._open_collections()

    # -- reads -------------------------------------------------------------------------------------------------
    def _call(self, where: str, fn: Callable[[], T]) -> T:
        with _translate(where, self.address):
            return fn()

    def chunk_ids(self) -> set[str]:
        return set(self._call("listing passages", lambda: self._chunks.get(include=[]))["ids"])

    def sentence_ids(self) -> set[str]:
        return set(self._call("listing sentences", lambda: self._sentences.get(include=[]))["ids"])

    def count(self) -> int:
        return int(self._call("counting passages", self._chunks.count))

    def generation(self) -> int:
        def read() -> int:
            collection = self.client.get_collection(self.name, embedding_function=None)
            return int((collection.metadata or {}).get("generation", 0))
        return self._call("reading the index generation", read)

    def bump_generation(self) -> None:
        """Mark the index as changed, so other processes rebuild their lexical index."""
        def bump() -> None:
            meta = dict(self._chunks.metadata or {})
            meta["generation"] = int(meta.get("generation", 0)) + 1
            self._chunks.modify(metadata=meta)
        self._call("updating the index generation", bump)

    def _pages(self, include: list[str], where: str) -> Iterator[dict[str, Any]]:
        """Every stored passage, read in pages of 5,000."""
        page, offset = 5000, 0
        while True:
            batch = self._call(where, partial(self._chunks.get, include=include, limit=page, offset=offset))
            yield batch
            if len(batch["ids"]) < page:
                return
            offset += page

    def all_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every passage: (ids, texts, metadatas)."""
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict[str, Any]] = []
        for batch in self._pages(["documents", "metadatas"], "reading passages"):
            ids += batch["ids"]
            docs += batch["documents"] or []
            metas += [dict(m or {}) for m in batch["metadatas"] or []]
        return ids, docs, metas

    def chunk_index(self) -> dict[str, tuple[str, str]]:
        """chunk id -> (doc id, path) for every stored passage."""
        out: dict[str, tuple[str, str]] = {}
        for batch in self._pages(["metadatas"], "listing passages"):
            for cid, meta in zip(batch["ids"], batch["metadatas"] or [], strict=False):
                meta = meta or {}
                out[cid] = (str(meta.get("doc_id", "")), str(meta.get("path", "")))
        return out

    def query(self, embedding: Sequence[float], n: int, where: dict[str, Any] | None = None,
              ids: list[str] | None = None) -> list[tuple[str, str, dict[str, Any], float]]:
        """Nearest passages: (id, text, metadata, cosine similarity), best first."""
        def run() -> Any:
            return self._chunks.query(query_embeddings=[list(embedding)], n_results=n, where=where or None,
                                      ids=ids, include=["documents", "metadatas", "distances"])
        result = self._call("searching", run)
        out = []
        for cid, doc, meta, dist in zip(result["ids"][0], result["documents"][0], result["metadatas"][0],
                                        result["distances"][0], strict=True):
            out.append((cid, doc, dict(meta or {}), 1.0 - float(dist)))
        return out

    def nearest(self, embedding: Sequence[float], n: int, where: dict[str, Any] | None = None
                ) -> list[tuple[str, float]]:
        """Nearest passage ids with their cosine similarity, best first: ``query`` without the texts and metadata,
        which cost Chroma four fifths of the search (1.5 vs 7.5-10 ms CPU for 40 of 473 passages)."""
        def run() -> Any:
            return self._chunks.query(query_embeddings=[list(embedding)], n_results=n, where=where or None,
                                      include=["distances"])
        result = self._call("searching", run)
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], result["distances"][0], strict=True)]

    def get_chunks(self, ids: list[str], *, embeddings: bool = False) -> dict[str, tuple[str, dict[str, Any], Any]]:
        include = ["documents", "metadatas"] + (["embeddings"] if embeddings else [])
        result = self._call("reading passages", lambda: self._chunks.get(ids=ids, include=include))
        embs = result.get("embeddings") if embeddings else None
        out = {}
        for i, cid in enumerate(result["ids"]):
            out[cid] = (result["documents"][i], dict(result["metadatas"][i] or {}),
                        embs[i] if embs is not None else None)
        return out

    def get_sentences(self, ids: list[str]) -> dict[str, tuple[str, Any]]:
        """Sentences by id: (text, float32 embedding).

        Read once and then served from memory (at most ``SENTENCE_MEMORY`` of them): a sentence id is its passage's
        content hash and its position, so a stored sentence never changes under its id, only disappears; every
        answer reads the sentences of its passages, and the popular passages' sentences are read again and again.
        """
        if not ids:
            return {}
        memory = self._sentence_memory
        out = {sid: memory[sid] for sid in ids if sid in memory}
        wanted = [sid for sid in ids if sid not in out]
        if wanted:
            result = self._call("reading sentences", lambda: self._sentences.get(
                ids=wanted, include=["documents", "embeddings"]))
            vectors = np.asarray(result["embeddings"], dtype=np.float32)
            with self._memory_lock:
                for i, sid in enumerate(result["ids"]):
                    record = (result["documents"][i], vectors[i])
                    out[sid] = memory[sid] = record
                while len(memory) > SENTENCE_MEMORY:
                    memory.pop(next(iter(memory)))
        return out

    # -- writes ------------------------------------------------------------------------------------------------
    def _batches(self, n: int) -> Iterator[slice]:
        size = 1000
        try:
            size = min(size, int(self.client.get_max_batch_size()))
        except Exception:  # older servers
            pass
        for start in range(0, n, size):
            yield slice(start, start + size)

    def add_chunks(self, ids: list[str], embeddings: Any, texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        for s in self._batches(len(ids)):
            self._call("writing passages", partial(
                self._chunks.upsert, ids=ids[s], embeddings=embeddings[s], documents=texts[s], metadatas=metadatas[s]))

    def add_sentences(self, ids: list[str], embeddings: Any, texts: list[str], chunk_ids: list[str]) -> None:
        for s in self._batches(len(ids)):
            metas = [{"chunk_id": c} for c in chunk_ids[s]]
            self._call("writing sentences", partial(
                self._sentences.upsert, ids=ids[s], embeddings=embeddings[s], documents=texts[s], metadatas=metas))

    def delete_chunks(self, ids: list[str]) -> None:
        for s in self._batches(len(ids)):
            self._call("deleting passages", partial(self._chunks.delete, ids=ids[s]))

    def delete_sentences(self, ids: list[str]) -> None:
        with self._memory_lock:
            for sid in ids:
                self._sentence_memory.pop(sid, None)
        for s in self._batches(len(ids)):
            self._call("deleting sentences", partial(self._sentences.delete, ids=ids[s]))

