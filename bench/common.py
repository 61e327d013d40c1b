"""Helpers shared by the benchmark scripts: percentiles, free ports, a real server process, and result files.

Every script writes ``bench/results/<name>.json`` (the figures, the machine's load average and the time) and
``bench/results/<name>.md`` (a table with the target next to each figure).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.cluster import stop

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results"
CACHE = OUT / "tmp"  # git-ignored: synthetic scale indexes and the baseline index, built once and reused
EVAL_SET = ROOT / "evals" / "questions.jsonl"

for _key, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("TOKENIZERS_PARALLELISM", "false"),
                     ("GRADIO_ANALYTICS_ENABLED", "False")):
    os.environ.setdefault(_key, _value)
if str(ROOT) not in sys.path:  # `python bench/x.py` from a checkout imports this checkout's assistant
    sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    """The q-th percentile by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary_ms(values_ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(values_ms, 50), 1), "p95_ms": round(pct(values_ms, 95), 1),
            "mean_ms": round(sum(values_ms) / max(1, len(values_ms)), 1), "n": len(values_ms)}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def questions(split: str = "tune") -> list[dict[str, Any]]:
    """The dev questions of one split; benchmarks use the tune split only, so held-out items stay unseen."""
    items = [json.loads(line) for line in EVAL_SET.read_text().splitlines() if line.strip()]
    return [q for q in items if q.get("split", "tune") == split]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def family(pid: int) -> list[int]:
    """A process and all its descendants (uvicorn workers, a Chroma server)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def cpu_s(pid: int) -> float:
    """User + system CPU seconds used so far by a process and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in family(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def rss_each_mb(pid: int) -> dict[str, float]:
    """Resident memory of each process of the family, by ``<pid> <command>``, in MB."""
    out = {}
    for p in family(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text().splitlines()
            cmdline = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kb = next((int(line.split()[1]) for line in status if line.startswith("VmRSS")), 0)
        words = [w.rsplit("/", 1)[-1] for w in cmdline.split()]
        name = " ".join(words[4:5] if words[2:3] == ["-c"] else words[:4])  # multiprocessing's `-c from X import`
        out[f"{p} {name}"] = round(kb / 1024, 1)
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (uvicorn workers, a Chroma server), in MB."""
    return round(sum(rss_each_mb(pid).values()), 1)


def wait_ready(url: str, timeout: float = 180.0, proc: subprocess.Popen[bytes] | None = None) -> float:
    """Seconds until ``url`` answers 200."""
    import httpx

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before it was ready")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready in {timeout:.0f} s")


@contextmanager
def server(env: dict[str, str], *args: str, command: str = "serve"
           ) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """A real ``python -m assistant serve`` (or ``serve-cluster``) on a free loopback port: (base url, process,
    seconds to the first /readyz)."""
    port = free_port()
    full_env = {**os.environ, **env, "ASSISTANT_PORT": str(port), "ASSISTANT_HOST": "127.0.0.1",
                "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", command, *args], cwd=ROOT, env=full_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/readyz", timeout=400, proc=proc)
        yield base, proc, time.perf_counter() - started
    finally:
        stop(proc)


def write_results(name: str, title: str, figures: dict[str, Any], rows: list[tuple[str, Any, str]],
                  notes: list[str] | None = None) -> None:
    """Write ``<name>.json`` and ``<name>.md`` (rows: figure, value, target) and print the table."""
    OUT.mkdir(parents=True, exist_ok=True)
    figures = {**figures, "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
               "load_average_1_5_15": load_average(),
               "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    (OUT / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
    lines = [f"# {title}", "",
             f"Measured {figures['when']} on {os.cpu_count()} CPUs shared with other work; load average at the end "
             f"(1/5/15 min): {figures['load_average_1_5_15']}.", "",
             "| figure | value | target |", "|---|---|---|"]
    lines += [f"| {label} | {value} | {target} |" for label, value, target in rows]
    if notes:
        lines += ["", *[f"- {n}" for n in notes]]
    (OUT / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)
