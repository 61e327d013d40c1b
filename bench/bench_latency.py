"""Warm answer latency, in process, on the shipped corpus and with 10k and 100k synthetic passages added.

For every dev-set question (``evals/questions.jsonl``, follow-ups with their history) the facade's own stage timings
are collected after a warm-up pass:

- *retrieval* = query embedding + hybrid retrieval (dense Chroma query, BM25, fusion, diversity cap);
- *answer* = follow-up resolution + evidence sentences read from Chroma + scoring and composing the cited answer;
- *total* = the whole ``Assistant.ask`` call.

Run: `make bench` or `python bench/bench_latency.py [--scales 0,10000,100000]`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from common import questions, summary_ms, write_results
from indexes import base_index, scale_index, settings_for

TARGETS = {0: ("<= 100", "<= 250"), 100000: ("retrieval p50 <= 60", "")}


def measure(index_dir: Path) -> dict[str, Any]:
    from assistant.assistant import build_assistant
    from assistant.embeddings import set_torch_threads
    from assistant.types import Turn

    started = time.perf_counter()
    set_torch_threads(settings_for(index_dir).serve_threads)  # as `assistant serve` does
    assistant = build_assistant(settings_for(index_dir))
    assistant.warm_up()
    open_s = time.perf_counter() - started
    items = questions()
    asks = [(q["question"], [Turn(**t) for t in q["history"]] if q.get("history") else None) for q in items]
    for question, history in asks[:20]:  # warm-up
        assistant.ask(question, history)
    retrieval, answer, total = [], [], []
    for question, history in asks:  # uncached: the first 20 were asked already, and a cached answer has no stages
        t = assistant.ask(question, history, use_cache=False).timings_ms
        retrieval.append(t["embed"] + t["retrieve"])
        answer.append(t.get("resolve", 0.0) + t["evidence"] + t["compose"])
        total.append(t["total"])
    return {"passages": assistant.retriever.size, "open_and_warm_s": round(open_s, 2),
            "retrieval": summary_ms(retrieval), "answer": summary_ms(answer), "total": summary_ms(total)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0,10000,100000", help="synthetic passages to add, comma-separated")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    rows = []
    for extra in (int(x) for x in args.scales.split(",")):
        index = base_index() if extra == 0 else scale_index(extra)
        result = measure(index)
        label = "shipped corpus" if extra == 0 else f"+{extra:,} synthetic"
        figures[str(extra)] = result
        r, a, t = result["retrieval"], result["answer"], result["total"]
        p50_target, p95_target = ("<= 100", "<= 250") if extra == 0 else ("", "")
        rows += [(f"{label} ({result['passages']:,} passages): retrieval p50 / p95 ms", f"{r['p50_ms']} / "
                  f"{r['p95_ms']}", "p50 <= 60" if extra == 100000 else ""),
                 (f"{label}: answer stage p50 / p95 ms", f"{a['p50_ms']} / {a['p95_ms']}", ""),
                 (f"{label}: total p50 ms", t["p50_ms"], p50_target),
                 (f"{label}: total p95 ms", t["p95_ms"], p95_target),
                 (f"{label}: open + warm-up s", result["open_and_warm_s"], "")]
    write_results("latency", "Warm answer latency (in process)", figures, rows, notes=[
        "178 dev questions after 20 warm-up asks; timings from Assistant.ask's own stage clocks.",
        "Synthetic passages: see bench/indexes.py (vectors near real ones, corpus-vocabulary text, no evidence "
        "sentences), so they compete in both rankings but never become answer evidence.",
    ])


if __name__ == "__main__":
    main()
