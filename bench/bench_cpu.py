"""CPU per uncached answer, in process, for this checkout and (optionally) an earlier revision in the same run.

Each measurement is a fresh process (``cpu_measure.py``): it opens the benchmark index, sets one torch thread (as
``assistant serve`` does), asks every tune-split dev question once to warm up, then asks them all ``--rounds`` times
and divides the process's CPU time (user + system, all threads: the encoder, Chroma's own threads, the answer path)
by the answers given. Answers/s/core is 1000 / that figure. The answer cache is switched off
(``ASSISTANT_ANSWER_CACHE_SIZE=0``), so every answer is composed.

With ``--before REV`` the revision is unpacked with ``git archive`` into ``bench/results/tmp/`` and measured
alternately with this checkout (before, after, before, after, ...), so both figures share the machine's load; the
answer texts of both are compared question by question (the speed work must not change an answer).

Run: `python bench/bench_cpu.py [--before REV] [--pairs 2] [--rounds 2]`; `make bench` runs it without --before.
CPU time, unlike wall time, hardly depends on what else runs on the machine, but a busy machine still slows caches
and memory; the load average is written next to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from common import CACHE, EVAL_SET, ROOT, load_average, questions, write_results
from indexes import base_index


def run_measure(code: Path, index_dir: Path, rounds: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    env = {**os.environ, "PYTHONPATH": str(code), "ASSISTANT_ANSWER_CACHE_SIZE": "0",
           "ASSISTANT_CONFIG": str(out.with_suffix(".none.toml"))}
    subprocess.run([sys.executable, str(ROOT / "bench" / "cpu_measure.py"), str(out), str(index_dir), str(rounds),
                    str(EVAL_SET)], check=True, cwd=code, env=env)
    result: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    return result


def unpack(rev: str) -> Path:
    target = CACHE / f"code-{rev}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "assistant"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    with tempfile.TemporaryFile() as handle:
        handle.write(archive)
        handle.seek(0)
        with tarfile.open(fileobj=handle) as tar:
            tar.extractall(target, filter="data")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a git revision to measure alternately with this checkout")
    parser.add_argument("--pairs", type=int, default=2, help="measurements of each version")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the questions per measurement")
    args = parser.parse_args()
    index = base_index()
    versions = {"after": ROOT}
    if args.before:
        versions = {"before": unpack(args.before), **versions}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in versions}
    for _ in range(args.pairs):
        for name, code in versions.items():
            result = run_measure(code, index, args.rounds)
            print(f"{name}: {result['cpu_ms_per_answer']} ms CPU per answer (load {result['load_average']})",
                  flush=True)
            runs[name].append(result)
    figures: dict[str, Any] = {"questions": len(questions()), "rounds": args.rounds, "before_rev": args.before}
    rows = []
    for name, results in runs.items():
        cpu = round(statistics.median(r["cpu_ms_per_answer"] for r in results), 2)
        figures[name] = {"cpu_ms_per_answer": cpu, "answers_per_s_per_core": round(1000 / cpu, 2),
                         "runs": [{k: v for k, v in r.items() if k != "texts"} for r in results]}
        label = "this checkout" if name == "after" else f"before ({args.before})"
        rows += [(f"{label}: CPU ms per uncached answer (median of {len(results)})", cpu, ""),
                 (f"{label}: answers/s per core", figures[name]["answers_per_s_per_core"], "")]
    if "before" in runs:
        ratio = figures["before"]["cpu_ms_per_answer"] / figures["after"]["cpu_ms_per_answer"]
        figures["speedup"] = round(ratio, 2)
        rows.append(("answers/s per core, after / before", figures["speedup"], ">= 2"))
        before_texts, after_texts = runs["before"][0]["texts"], runs["after"][0]["texts"]
        differ = sorted(q for q in after_texts if before_texts.get(q) != after_texts[q])
        figures["answers_compared"] = len(after_texts)
        figures["answers_differing"] = differ
        rows.append(("answers compared / differing", f"{len(after_texts)} / {len(differ)}", "0 differing"))
    name = "cpu-compare" if args.before else "cpu"
    write_results(name, "CPU per uncached answer (in process)", figures, rows, notes=[
        f"Tune-split dev questions (follow-ups with their history), {args.rounds} passes per measurement after a "
        "warm-up pass; one torch thread; answer cache off.",
        "CPU time of the whole process (encoder, Chroma, answer path) divided by the answers; the machine was shared "
        f"with other work (load average at the start {load_average()}).",
    ])


if __name__ == "__main__":
    main()
