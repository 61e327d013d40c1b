"""Ingest throughput against the raw encoder on the same passages.

Definition (see README, Performance and scale): the *raw encoder time* is one ``SentenceTransformer.encode`` call over
the texts the pipeline must embed at minimum, the passages (title + heading + text, exactly what ``embedding_text``
gives), with the model already loaded. The *ingest time* is the wall time of ``Assistant.ingest`` on an empty index
over the whole corpus (discover, load, chunk, embed, write passages and evidence sentences to Chroma), model loaded.
``ingest_to_raw_ratio = raw encoder time / ingest time`` (equivalently ingest passages/s over raw passages/s).
Each is run ``REPEATS`` times, interleaved, and the fastest run of each is kept, since other processes share the CPUs.

Run: `make bench` or `python bench/bench_ingest.py`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from common import load_average, write_results

REPEATS = 2


def main() -> None:
    from assistant.assistant import build_assistant
    from assistant.chunking import Chunker, embedding_text
    from assistant.loaders import discover, load_file
    from assistant.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        settings = Settings(index_dir=tmp / "index")
        assistant = build_assistant(settings)
        model = assistant.embedder._model
        chunker = Chunker(settings.chunk_size, settings.chunk_overlap)
        chunks = [c for p in discover([settings.corpus_dir]) for c in chunker.split(load_file(p))]
        texts = [embedding_text(c) for c in chunks]
        model.encode(texts[:32], batch_size=settings.embedding_batch_size)  # warm
        raw_runs, ingest_runs, loads = [], [], []
        report = None
        for _ in range(REPEATS):
            start = time.perf_counter()
            model.encode(texts, batch_size=settings.embedding_batch_size, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=False)
            raw_runs.append(time.perf_counter() - start)
            assistant.store.drop()
            start = time.perf_counter()
            report = assistant.ingest(progress=False)
            ingest_runs.append(time.perf_counter() - start)
            loads.append(load_average()[0])
        assert report is not None and report.chunks_added == len(chunks)
        start = time.perf_counter()
        unchanged = assistant.ingest(progress=False)
        unchanged_s = time.perf_counter() - start
        assert unchanged.chunks_added == 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    raw, ingest = min(raw_runs), min(ingest_runs)
    figures = {
        "passages": len(chunks), "documents": report.added, "sentences": report.sentences_embedded,
        "raw_encoder_s": round(raw, 2), "raw_encoder_passages_per_s": round(len(chunks) / raw, 1),
        "ingest_s": round(ingest, 2), "ingest_passages_per_s": round(len(chunks) / ingest, 1),
        "ingest_to_raw_ratio": round(raw / ingest, 3), "unchanged_reingest_s": round(unchanged_s, 3),
        "runs": {"raw_encoder_s": [round(x, 2) for x in raw_runs], "ingest_s": [round(x, 2) for x in ingest_runs],
                 "load_average_1min_after_each": loads},
    }
    rows = [("passages / documents / evidence sentences", f"{len(chunks)} / {report.added} / "
             f"{report.sentences_embedded}", ""),
            ("raw encoder over the passages", f"{raw:.1f} s ({figures['raw_encoder_passages_per_s']} passages/s)", ""),
            ("full ingest, empty index", f"{ingest:.1f} s ({figures['ingest_passages_per_s']} passages/s)", ""),
            ("ingest / raw encoder throughput", figures["ingest_to_raw_ratio"], ">= 0.80"),
            ("re-ingest, nothing changed", f"{unchanged_s:.2f} s", "< 2 s")]
    write_results("ingest", "Ingest throughput", figures, rows, notes=[
        "Ratio = raw encoder time over the passages / full ingest wall time (fastest of "
        f"{REPEATS} interleaved runs each).",
        "Ingest embeds each evidence sentence once and derives the passage vector from its sentences "
        "(length-weighted mean, normalised) plus 1.5 x its title-and-heading vector; short texts are encoded in "
        "batches of 256; passages without sentences are encoded directly.",
    ])


if __name__ == "__main__":
    main()
