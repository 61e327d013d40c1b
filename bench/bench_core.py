"""Core speed and memory figures, written to bench/results/core.json and core.md.

- ingest throughput (passages/s, fresh index) against the raw encoder on the same passage texts;
- a real `assistant serve` on loopback: time from start to /readyz, RSS, warm /api/ask p50/p95 over the dev set.

Run: `make bench` (or `.venv/bin/python bench/bench_core.py`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def ingest_figures(tmp: Path) -> dict[str, float]:
    from assistant.assistant import build_assistant
    from assistant.chunking import Chunker, embedding_text
    from assistant.loaders import discover, load_file
    from assistant.settings import Settings

    settings = Settings(index_dir=tmp / "index")
    assistant = build_assistant(settings)
    embedder = assistant.embedder
    chunker = Chunker(settings.chunk_size)
    chunks = [c for p in discover([settings.corpus_dir]) for c in chunker.split(load_file(p))]
    texts = [embedding_text(c) for c in chunks]
    embedder.encode(texts[:16])  # warm
    start = time.perf_counter()
    embedder.encode(texts)
    raw = len(texts) / (time.perf_counter() - start)
    report = assistant.ingest(progress=False)
    ours = report.chunks_added / report.seconds
    start = time.perf_counter()
    unchanged = assistant.ingest(progress=False)
    return {"passages": len(texts), "raw_encoder_passages_per_s": round(raw, 1),
            "ingest_passages_per_s": round(ours, 1), "ingest_to_raw_ratio": round(ours / raw, 3),
            "unchanged_reingest_s": round(unchanged.seconds, 3),
            "unchanged_reingest_wall_s": round(time.perf_counter() - start, 3)}


def serve_figures(tmp: Path) -> dict[str, float]:
    subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], check=True, cwd=ROOT,
                   env={**os.environ, "ASSISTANT_INDEX_DIR": str(tmp / "serve-index")})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(tmp / "serve-index"), "ASSISTANT_PORT": str(port)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > 120:
                raise RuntimeError("server not ready in 120 s")
            time.sleep(0.1)
        ready = time.perf_counter() - started
        questions = [json.loads(line) for line in (ROOT / "evals" / "questions.jsonl").read_text().splitlines()
                     if line.strip()]
        latencies = []
        with httpx.Client(timeout=30) as client:
            for q in questions[:10]:  # warm-up
                client.post(base + "/api/ask", json={"question": q["question"], "history": q.get("history")})
            for q in questions:
                t = time.perf_counter()
                r = client.post(base + "/api/ask", json={"question": q["question"], "history": q.get("history")})
                latencies.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, r.text
        rss_kb = int(next(line.split()[1] for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                          if line.startswith("VmRSS")))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"ready_s": round(ready, 2), "rss_mb": round(rss_kb / 1024, 1), "questions": len(latencies),
            "ask_p50_ms": round(statistics.median(latencies), 1), "ask_p95_ms": round(pct(latencies, 95), 1)}


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        figures = {"ingest": ingest_figures(tmp), "serve": serve_figures(tmp),
                   "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                   "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "core.json").write_text(json.dumps(figures, indent=2))
    targets = {"ingest_to_raw_ratio": ">= 0.70", "unchanged_reingest_s": "< 2", "ask_p50_ms": "<= 150",
               "ask_p95_ms": "<= 400", "rss_mb": "<= 1536", "ready_s": "<= 20"}
    lines = ["# Core benchmark", "", f"Measured {figures['when']} on {os.cpu_count()} CPUs.", "",
             "| figure | value | target |", "|---|---|---|"]
    for group in ("ingest", "serve"):
        for key, value in figures[group].items():
            lines.append(f"| {key} | {value} | {targets.get(key, '')} |")
    (OUT / "core.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
