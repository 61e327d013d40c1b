"""Load figures a team can plan with: real servers on loopback, driven by locust, each figure with its load average.

Scenarios, one run each (``--seconds`` long, 40 s by default):

1. one worker (``assistant serve``, embedded Chroma), answer cache on: start-up time and RSS; one client asking every
   tune question once (uncached answers) and then again (cached answers); 32 users with no think time once every
   answer is cached; the realistic mix (200 users, 80% of questions from 20 popular ones, 2-5 s think time);
2. one worker, answer cache off: 32 users with no think time (every answer composed);
3. ``assistant serve-cluster --workers 2`` (a Chroma server and two workers), answer cache off: 32 users, no think.

For each load: requests, errors, throughput, p50/p95/p99, the server's RSS (all its processes) and CPU seconds, and
locust's own CPU seconds (locust runs on the same CPUs, so the figures include its cost; its share is reported so
runs on different machines can be compared).

Run: `make bench` or `python bench/bench_serve.py [--seconds 40] [--only one,nocache,cluster]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import (
    CACHE,
    OUT,
    ROOT,
    cpu_s,
    free_port,
    load_average,
    questions,
    rss_each_mb,
    rss_mb,
    server,
    summary_ms,
    write_results,
)
from indexes import base_index

WARM = ["What are rare earth elements?", "Which countries refine gallium?", "How are magnets made?"]


def one_client(base: str) -> dict[str, Any]:
    """Every tune question once (composed: nothing asked yet), then again (served from the answer cache)."""
    items = questions()
    out: dict[str, Any] = {}
    with httpx.Client(timeout=60) as client:
        for text in WARM:  # made-up questions: warm without caching any measured one
            client.post(base + "/api/ask", json={"question": text}).raise_for_status()
        for label in ("uncached", "cached"):
            latencies, flags = [], []
            for q in items:
                start = time.perf_counter()
                r = client.post(base + "/api/ask", json={"question": q["question"], "history": q.get("history")})
                latencies.append((time.perf_counter() - start) * 1000)
                r.raise_for_status()
                flags.append(bool(r.json().get("cached")))
            out[label] = {**summary_ms(latencies), "served_from_cache": sum(flags)}
    return out


def locust(base: str, users: int, seconds: int, mix: str, proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    """A headless locust run; the server's CPU and RSS and locust's own CPU around it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = cpu_s(proc.pid)
    load_start = load_average()
    with tempfile.TemporaryDirectory(prefix="locust-") as tmp:
        prefix = Path(tmp) / "run"
        locust_bin = Path(sys.executable).with_name("locust")
        subprocess.run([str(locust_bin), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
                        "-r", str(min(users, 50)), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix),
                        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"], check=False, cwd=ROOT,
                       stdout=subprocess.DEVNULL, env={**os.environ, "BENCH_MIX": mix})
        rows = list(csv.DictReader((prefix.parent / "run_stats.csv").open()))
        # what each failed request got back (status and the body's start), so an error is explained, not only counted
        failures = [f"{r['Occurrences']} x {r['Error']}" for r in
                    csv.DictReader((prefix.parent / "run_failures.csv").open())]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = cpu_s(proc.pid) - server_cpu
    row = next(r for r in rows if r["Name"] == "Aggregated")
    requests = int(row["Request Count"])
    return {"users": users, "seconds": seconds, "mix": mix, "requests": requests,
            "errors": int(row["Failure Count"]), "failures": failures,
            "throughput_rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"]), 1),
            "server_cpu_s": round(server_cpu, 1),
            "server_cpu_ms_per_request": round(server_cpu / max(1, requests) * 1000, 1),
            "locust_cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
            "rss_mb_after": rss_mb(proc.pid), "rss_each_mb": rss_each_mb(proc.pid),
            "load_average_before": load_start, "load_average_after": load_average()}


def all_ready(base: str, workers: int, timeout: float = 300.0) -> None:
    """Until every worker of a cluster says ready (each request lands on one of them)."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(seen)} of {workers} workers ready after {timeout:.0f} s")
        try:
            r = httpx.get(base + "/readyz", timeout=5)
            if r.status_code == 200:
                seen.add(r.headers.get("x-worker", ""))
        except httpx.HTTPError:
            pass
        time.sleep(0.05)


def row_for(label: str, load: dict[str, Any], target: str, rss_target: str = "RSS <= 1536"
            ) -> list[tuple[str, Any, str]]:
    failed = f" ({'; '.join(load.get('failures', []))[:300]})" if load.get("failures") else ""
    return [(f"{label}: requests / errors / req/s", f"{load['requests']} / {load['errors']} / "
             f"{load['throughput_rps']}{failed}", "0 errors"),
            (f"{label}: p50 / p95 / p99 ms", f"{load['p50_ms']} / {load['p95_ms']} / {load['p99_ms']}", target),
            (f"{label}: server CPU ms per request / RSS MB", f"{load['server_cpu_ms_per_request']} / "
             f"{load['rss_mb_after']}", rss_target),
            (f"{label}: locust CPU s / load average before->after", f"{load['locust_cpu_s']} / "
             f"{load['load_average_before'][0]}->{load['load_average_after'][0]}", "")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--only", default="one,nocache,cluster",
                        help="scenarios to run (one, nocache, cluster); `report` rewrites serve.md from serve.json")
    args = parser.parse_args()
    only = set(args.only.split(","))
    index = base_index()
    figures: dict[str, Any] = {}
    previous = OUT / "serve.json"
    if only != {"one", "nocache", "cluster"} and previous.is_file():  # a partial run keeps the other scenarios
        kept = json.loads(previous.read_text())
        figures = {k: kept[k] for k in ("one_worker", "one_worker_uncached", "cluster_2_workers_uncached") if k in kept}
    if "one" in only:
        with server({"ASSISTANT_INDEX_DIR": str(index)}) as (base, proc, ready_s):
            rss_ready = rss_mb(proc.pid)
            seq = one_client(base)
            hot = locust(base, 32, args.seconds, "flat", proc)
            mix = locust(base, 200, args.seconds, "popular", proc)
        figures["one_worker"] = {"ready_s": round(ready_s, 2), "rss_mb_ready": rss_ready, "one_client": seq,
                                 "users32_cached": hot, "realistic_mix": mix}
    if "nocache" in only:
        with server({"ASSISTANT_INDEX_DIR": str(index), "ASSISTANT_ANSWER_CACHE_SIZE": "0"}) as (base, proc, _):
            figures["one_worker_uncached"] = locust(base, 32, args.seconds, "flat", proc)
    if "cluster" in only:
        cluster_dir = CACHE / "cluster"  # its own Chroma server data: a copy of the base index, kept current
        if not (cluster_dir / "chroma-server").exists():  # `chroma run` reads the embedded index's folder as is
            shutil.copytree(index, cluster_dir / "chroma-server", ignore=shutil.ignore_patterns("onnx"))
            if (index / "onnx").exists():
                shutil.copytree(index / "onnx", cluster_dir / "onnx")
        env = {"ASSISTANT_INDEX_DIR": str(cluster_dir), "ASSISTANT_ANSWER_CACHE_SIZE": "0"}
        with server(env, "--workers", "2", "--chroma-port", str(free_port()), command="serve-cluster") as (
                base, proc, _):
            all_ready(base, 2)
            rss_ready = rss_mb(proc.pid)
            two = locust(base, 32, args.seconds, "flat", proc)
        figures["cluster_2_workers_uncached"] = {**two, "rss_mb_ready": rss_ready}
    rows: list[tuple[str, Any, str]] = []
    if "one_worker" in figures:
        one = figures["one_worker"]
        seq = one["one_client"]
        rows += [("one worker: start to /readyz / RSS when ready", f"{one['ready_s']:.2f} s / {one['rss_mb_ready']} MB",
                  "<= 15 s / <= 1536 MB"),
                 ("one client, uncached: p50 / p95 ms", f"{seq['uncached']['p50_ms']} / {seq['uncached']['p95_ms']}",
                  "<= 100 / <= 250"),
                 ("one client, cached: p50 / p95 ms (served from cache)", f"{seq['cached']['p50_ms']} / "
                  f"{seq['cached']['p95_ms']} ({seq['cached']['served_from_cache']} of {seq['cached']['n']})",
                  "p50 <= 5")]
        rows += row_for("one worker, 32 users, no think, answers cached", one["users32_cached"], "")
        rows += row_for("one worker, realistic mix (200 users, 80% popular, 2-5 s think)", one["realistic_mix"],
                        "p95 <= 300")
    if "one_worker_uncached" in figures:
        rows += row_for("one worker, 32 users, no think, cache off", figures["one_worker_uncached"], "p95 <= 1500")
    if "cluster_2_workers_uncached" in figures:
        two = figures["cluster_2_workers_uncached"]
        rows += row_for("serve-cluster, 2 workers + Chroma server, 32 users, no think, cache off", two,
                        "p95 <= 1500", "all processes together; each below")
        rows.append(("serve-cluster: RSS of each process after the load, MB", ", ".join(
            f"{name.split(' ', 1)[1]}: {mb}"
            for name, mb in two["rss_each_mb"].items()), "each <= 1536"))
    write_results("serve", "Server load: one worker, two workers over a Chroma server, and a realistic mix", figures,
                  rows, notes=[
                      "FIGURES TAKEN ON A LOADED MACHINE: 2 CPUs shared with about nine other agents' work; each load "
                      "row gives the 1-minute load average before and after it. Locust runs on the same 2 CPUs.",
                      "Questions: the tune split of evals/questions.jsonl (follow-ups with their history).",
                      "Server CPU = user + system CPU of every server process (workers, supervisor, Chroma server) "
                      "during the load, per request answered; RSS = the sum over those processes after the load.",
                      "The cluster's RSS includes the supervisor, which loads the model for its start-up ingest, and "
                      "the Chroma server; per-process figures are in serve.json.",
                  ])


if __name__ == "__main__":
    main()
