"""Side by side, in one run: our pipeline and a plain LangChain + Chroma similarity-search pipeline.

The baseline is what a user would build from the LangChain docs: each note read as text, split with
``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)``, embedded with ``HuggingFaceEmbeddings`` (the
same all-MiniLM-L6-v2 folder) into ``langchain_chroma.Chroma``, queried with ``similarity_search``. It is built once
under ``bench/results/tmp/baseline`` and rebuilt when the corpus changes.

On the same questions (the answerable dev items with ``expected_doc_ids``), for both: hit@5 (an expected document
among the first five distinct documents retrieved) and latency. The baseline asks ``similarity_search(q, k=20)``
to have five distinct documents; our side is timed twice: retrieval only, and the whole cited answer. Follow-ups get
their history on our side (the baseline has no notion of it, as a plain pipeline would not).

Run: `make bench` or `python bench/bench_baseline.py`.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path
from typing import Any

from common import CACHE, questions, summary_ms, write_results
from indexes import base_index, settings_for


def baseline_store(corpus_dir: Path, model: str) -> Any:
    import frontmatter
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    files = sorted(p for p in corpus_dir.rglob("*.md") if p.name.lower() != "readme.md")
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:12]
    folder = CACHE / "baseline"
    stamp = folder / "corpus.sha"
    if folder.exists() and (not stamp.is_file() or stamp.read_text() != digest):
        shutil.rmtree(folder)
    embeddings = HuggingFaceEmbeddings(model_name=model, model_kwargs={"device": "cpu"},
                                       encode_kwargs={"normalize_embeddings": True})
    store = Chroma(collection_name="baseline", embedding_function=embeddings, persist_directory=str(folder))
    if stamp.is_file():
        return store
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)
    docs = []
    for path in files:
        note = frontmatter.load(path)
        docs.append(Document(page_content=note.content, metadata={"doc_id": str(note.get("id", path.stem))}))
    chunks = splitter.split_documents(docs)
    started = time.perf_counter()
    store.add_documents(chunks)
    print(f"baseline index: {len(chunks)} chunks in {time.perf_counter() - started:.0f} s", flush=True)
    stamp.write_text(digest)
    return store


def first_distinct(doc_ids: list[str], n: int = 5) -> list[str]:
    return list(dict.fromkeys(doc_ids))[:n]


def main() -> None:
    from assistant.assistant import build_assistant
    from assistant.embeddings import set_torch_threads
    from assistant.types import Turn

    set_torch_threads(settings_for(CACHE).serve_threads)  # as `assistant serve` does; the baseline shares it
    ours = build_assistant(settings_for(base_index()))
    ours.warm_up()
    baseline = baseline_store(ours.settings.corpus_dir, ours.settings.embedding_model)
    items = [q for q in questions() if q.get("answerable", True) and q.get("expected_doc_ids")]
    for q in items[:10]:  # warm both
        ours.ask(q["question"])
        baseline.similarity_search(q["question"], k=20)

    base_ms, ask_ms, retrieve_ms = [], [], []
    base_hits = ours_hits = 0
    for q in items:  # interleaved, so both see the same machine load
        expected = set(q["expected_doc_ids"])
        history = [Turn(**t) for t in q["history"]] if q.get("history") else None
        start = time.perf_counter()
        docs = baseline.similarity_search(q["question"], k=20)
        base_ms.append((time.perf_counter() - start) * 1000)
        base_hits += bool(expected & set(first_distinct([d.metadata["doc_id"] for d in docs])))
        start = time.perf_counter()
        answer = ours.ask(q["question"], history)
        ask_ms.append((time.perf_counter() - start) * 1000)
        retrieve_ms.append(answer.timings_ms["embed"] + answer.timings_ms["retrieve"])
        ours_hits += bool(expected & set(first_distinct(answer.retrieved)))
    n = len(items)
    figures = {"questions": n,
               "baseline": {"latency": summary_ms(base_ms), "hit@5": round(base_hits / n, 3)},
               "ours": {"retrieval_latency": summary_ms(retrieve_ms), "answer_latency": summary_ms(ask_ms),
                        "hit@5": round(ours_hits / n, 3)}}
    ratio_retrieval = figures["ours"]["retrieval_latency"]["p50_ms"] / figures["baseline"]["latency"]["p50_ms"]
    ratio_answer = figures["ours"]["answer_latency"]["p50_ms"] / figures["baseline"]["latency"]["p50_ms"]
    figures["p50_ratio_ours_retrieval_to_baseline"] = round(ratio_retrieval, 2)
    figures["p50_ratio_ours_answer_to_baseline"] = round(ratio_answer, 2)
    b, r, a = figures["baseline"]["latency"], figures["ours"]["retrieval_latency"], figures["ours"]["answer_latency"]
    rows = [("questions (answerable, with expected documents)", n, ""),
            ("hit@5: LangChain Chroma similarity search", figures["baseline"]["hit@5"], ""),
            ("hit@5: ours (hybrid, follow-ups resolved)", figures["ours"]["hit@5"], ""),
            ("p50 / p95 ms: LangChain similarity_search(k=20)", f"{b['p50_ms']} / {b['p95_ms']}", ""),
            ("p50 / p95 ms: ours, retrieval only", f"{r['p50_ms']} / {r['p95_ms']}", ""),
            ("p50 / p95 ms: ours, whole cited answer", f"{a['p50_ms']} / {a['p95_ms']}", ""),
            ("p50 ratio ours retrieval / baseline", figures["p50_ratio_ours_retrieval_to_baseline"], ""),
            ("p50 ratio ours answer / baseline", figures["p50_ratio_ours_answer_to_baseline"], "")]
    write_results("baseline", "Ours vs a plain LangChain Chroma pipeline", figures, rows, notes=[
        "Both run in this one process on the same questions, interleaved question by question.",
        "The baseline returns chunks only; ours returns a composed, cited answer (or an abstention).",
    ])


if __name__ == "__main__":
    main()
