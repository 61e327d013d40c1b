"""One CPU measurement for bench_cpu.py, in its own process: the code measured is whichever ``assistant`` package
PYTHONPATH finds first, so this module imports nothing of the benchmark helpers (they import this checkout's).

Run by bench_cpu.py: `python bench/cpu_measure.py OUT.json INDEX_DIR ROUNDS QUESTIONS.jsonl`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def measure(index_dir: Path, rounds: int, questions: Path) -> dict[str, Any]:
    from assistant.assistant import build_assistant
    from assistant.embeddings import set_torch_threads
    from assistant.settings import Settings
    from assistant.types import Turn

    set_torch_threads(1)  # as `assistant serve` does
    assistant = build_assistant(Settings(index_dir=index_dir))
    assistant.warm_up()
    items = [json.loads(line) for line in questions.read_text().splitlines() if line.strip()]
    asks = [(q["id"], q["question"], [Turn(**t) for t in q["history"]] if q.get("history") else None)
            for q in items if q.get("split", "tune") == "tune"]
    texts = {}
    for qid, question, history in asks:  # the warm-up pass, and the answers to compare
        answer = assistant.ask(question, history)
        texts[qid] = {"text": answer.text, "abstain_reason": answer.abstain_reason,
                      "citations": [[c.doc_id, c.source_key] for c in answer.citations]}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for _, question, history in asks:
            assistant.ask(question, history)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = rounds * len(asks)
    return {"code": str(Path(sys.modules["assistant"].__file__ or "").parent), "answers": n, "cpu_s": round(cpu, 3),
            "wall_s": round(wall, 3), "cpu_ms_per_answer": round(cpu / n * 1000, 2),
            "wall_ms_per_answer": round(wall / n * 1000, 2),
            "load_average": [round(x, 2) for x in os.getloadavg()], "texts": texts}


if __name__ == "__main__":
    out, index, rounds, questions = sys.argv[1:5]
    Path(out).write_text(json.dumps(measure(Path(index), int(rounds), Path(questions))))
