"""Incremental, idempotent, interrupt-safe ingest.

The store is the only record of what is indexed: each run computes the chunk ids (content hashes) the files should
produce, compares them with the ids stored, embeds only what is missing and deletes what is no longer wanted. New
passages are written before old ones are deleted, so an index whose ingest was killed at any moment still answers,
and the next run converges to exactly the right passages.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import Chunker, embedding_text
from .errors import CorpusError
from .loaders import discover, load_file
from .store import ChromaStore
from .types import Chunk, Embedder

log = logging.getLogger(__name__)
GROUP = 128  # passages embedded and written together


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    sentences_embedded: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        line = (f"added {self.added}, updated {self.updated}, removed {self.removed}, unchanged {self.unchanged} "
                f"documents ({self.chunks_added} passages embedded, {self.chunks_removed} deleted) in "
                f"{self.seconds:.1f} s")
        if self.skipped:
            line += f"; skipped {len(self.skipped)} file(s)"
        return line


def _in_scope(path: str, roots: list[Path]) -> bool:
    try:
        resolved = Path(path).resolve()
    except OSError:
        return False
    return any(resolved == root or root in resolved.parents for root in roots)


class Ingestor:
    """Keeps the store in step with a set of files.

    >>> Ingestor(store, embedder_factory, Chunker()).run([Path("corpus")]).summary()  # doctest: +SKIP
    'added 52, updated 0, removed 0, unchanged 0 documents (...)'
    """

    def __init__(self, store: ChromaStore, embedder: Callable[[], Embedder], chunker: Chunker, *,
                 progress: bool = True) -> None:
        self.store = store
        self._embedder_factory = embedder  # called only when something must be embedded
        self.chunker = chunker
        self.progress = progress

    def run(self, paths: Iterable[Path]) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        roots = [Path(p).resolve() for p in paths]
        files = discover(roots)

        desired: dict[str, Chunk] = {}
        loaded_docs: dict[str, str] = {}
        failed_paths: set[Path] = set()
        for path in files:
            try:
                doc = load_file(path)
                if doc.doc_id in loaded_docs:
                    raise CorpusError(f"{path}: id {doc.doc_id!r} is already used by {loaded_docs[doc.doc_id]}; "
                                      "give each document its own id")
                chunks = self.chunker.split(doc)
                if not chunks:
                    raise CorpusError(f"{path}: yields no passages (no text under its headings)")
            except CorpusError as err:
                report.skipped.append((str(path), str(err)))
                failed_paths.add(path.resolve())
                log.warning("skipped %s", err)
                continue
            loaded_docs[doc.doc_id] = str(path)
            for chunk in chunks:
                desired.setdefault(chunk.chunk_id, chunk)

        stored = self.store.chunk_index()
        in_scope = {cid for cid, (doc_id, path) in stored.items()
                    if doc_id in loaded_docs or (_in_scope(path, roots) and Path(path).resolve() not in failed_paths)}
        to_add = [c for cid, c in desired.items() if cid not in stored]
        to_delete = sorted(in_scope - desired.keys())

        stored_sentences = self.store.sentence_ids()
        keep_chunks = (stored.keys() - set(to_delete)) | desired.keys()
        orphan_sentences = sorted(s for s in stored_sentences if s.split(":", 1)[0] not in keep_chunks)
        # passages already stored whose sentences are incomplete (an ingest killed between the two writes)
        repair = [c for cid, c in desired.items() if cid in stored and
                  any(f"{cid}:{i}" not in stored_sentences for i in range(len(c.sentences)))]

        self._write(to_add, repair, stored_sentences, report)
        if to_delete:
            self.store.delete_chunks(to_delete)
        if orphan_sentences:
            self.store.delete_sentences(orphan_sentences)
        if to_add or to_delete or orphan_sentences or repair:
            self.store.bump_generation()

        docs_before = {doc_id for doc_id, _ in stored.values()}
        changed_docs = {c.doc_id for c in to_add} | {stored[cid][0] for cid in to_delete}
        for doc_id in loaded_docs:
            if doc_id not in docs_before:
                report.added += 1
            elif doc_id in changed_docs:
                report.updated += 1
            else:
                report.unchanged += 1
        report.removed = len({stored[cid][0] for cid in to_delete} - loaded_docs.keys())
        report.chunks_added = len(to_add)
        report.chunks_removed = len(to_delete)
        report.seconds = time.perf_counter() - started
        return report

    def _write(self, to_add: list[Chunk], repair: list[Chunk], stored_sentences: set[str],
               report: IngestReport) -> None:
        work = to_add + repair
        if not work:
            return
        from tqdm import tqdm

        embedder = self._embedder_factory()
        encode = getattr(embedder, "encode", None)
        repair_ids = {c.chunk_id for c in repair}
        bar = tqdm(total=len(work), unit="passage", desc="embedding", disable=not self.progress or None)
        try:
            for start in range(0, len(work), GROUP):
                group = work[start:start + GROUP]
                new = [c for c in group if c.chunk_id not in repair_ids]
                sent_ids, sent_texts, sent_chunks = [], [], []
                for chunk in group:
                    for i, sentence in enumerate(chunk.sentences):
                        sid = f"{chunk.chunk_id}:{i}"
                        if sid not in stored_sentences:
                            sent_ids.append(sid)
                            sent_texts.append(sentence)
                            sent_chunks.append(chunk.chunk_id)
                texts = [embedding_text(c) for c in new] + sent_texts
                vectors = encode(texts) if encode else embedder.embed_documents(texts)
                chunk_vectors, sentence_vectors = vectors[:len(new)], vectors[len(new):]
                # sentences first: a passage is only visible once its evidence is stored
                if sent_ids:
                    self.store.add_sentences(sent_ids, sentence_vectors, sent_texts, sent_chunks)
                if new:
                    self.store.add_chunks([c.chunk_id for c in new], chunk_vectors, [c.text for c in new],
                                          [c.metadata for c in new])
                report.sentences_embedded += len(sent_ids)
                bar.update(len(group))
        finally:
            bar.close()
