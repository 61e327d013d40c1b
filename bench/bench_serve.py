"""A real ``assistant serve`` on loopback: time from start to /readyz, warm /api/ask latency one client at a time,
concurrent load with locust (32 users, no think time, 60 s, headless), and the server's RSS after the load.

Run: `make bench` or `python bench/bench_serve.py [--users 32] [--seconds 60] [--workers 1]`.
Locust runs on the same two CPUs as the server, so the load figures include the load generator's own cost.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import ROOT, questions, rss_mb, server, summary_ms, write_results
from indexes import base_index


def sequential(base: str) -> dict[str, float]:
    items = questions()
    latencies = []
    with httpx.Client(timeout=30) as client:
        for q in items[:10]:
            client.post(base + "/api/ask", json={"question": q["question"], "history": q.get("history")})
        for q in items:
            start = time.perf_counter()
            r = client.post(base + "/api/ask", json={"question": q["question"], "history": q.get("history")})
            latencies.append((time.perf_counter() - start) * 1000)
            r.raise_for_status()
    return summary_ms(latencies)


def locust(base: str, users: int, seconds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="locust-") as tmp:
        prefix = Path(tmp) / "run"
        locust_bin = Path(sys.executable).with_name("locust")
        subprocess.run([str(locust_bin), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
                        "-r", str(users), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix), "--only-summary",
                        "--loglevel", "WARNING"], check=False, cwd=ROOT, stdout=subprocess.DEVNULL)
        rows = list(csv.DictReader((prefix.parent / "run_stats.csv").open()))
    row = next(r for r in rows if r["Name"] == "Aggregated")
    return {"users": users, "seconds": seconds, "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]), "throughput_rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"]), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    index = base_index()
    with server({"ASSISTANT_INDEX_DIR": str(index)}) as (base, proc, ready_s):
        rss_ready = rss_mb(proc.pid)
        seq = sequential(base)
        load = locust(base, args.users, args.seconds)
        rss_after = rss_mb(proc.pid)
    figures = {"ready_s": round(ready_s, 2), "rss_mb_ready": rss_ready, "rss_mb_after_load": rss_after,
               "sequential_ask": seq, "load": load}
    rows = [("start to /readyz", f"{ready_s:.2f} s", "<= 15 s"),
            ("RSS when ready / after the load", f"{rss_ready} / {rss_after} MB", "<= 1536 MB"),
            ("one client: /api/ask p50 ms", seq["p50_ms"], "<= 100"),
            ("one client: /api/ask p95 ms", seq["p95_ms"], "<= 250"),
            (f"{load['users']} users x {load['seconds']} s: requests / errors", f"{load['requests']} / "
             f"{load['errors']}", "0 errors"),
            ("throughput", f"{load['throughput_rps']} req/s", ""),
            ("under load: p50 / p95 / p99 ms", f"{load['p50_ms']} / {load['p95_ms']} / {load['p99_ms']}",
             "p95 <= 1500")]
    write_results("serve", "Server: start-up, memory, latency and concurrent load over HTTP", figures, rows, notes=[
        "One uvicorn process, embedded Chroma index of the shipped corpus; locust users ask random dev-set "
        "questions back to back (no think time) on loopback.",
    ])


if __name__ == "__main__":
    main()
