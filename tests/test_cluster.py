"""Scale-out: `assistant serve-cluster` runs a real Chroma server and two uvicorn worker processes sharing it. Every
worker answers from the one index, and a document ingested by another process is found by every worker (their BM25
side rebuilds when the index generation changes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.test_resilience import free_port

ROOT = Path(__file__).resolve().parent.parent
NEW_NOTE = """---
id: ytterbium-fibre
title: "Ytterbium in fibre-optic amplifiers"
kind: policy-note
summary: "Ytterbium-doped fibre amplifiers and their supply."
key_points:
  - "Ytterbium-doped fibre amplifiers used 41 tonnes of ytterbium in 2024, the Example Institute said in March 2025.[^inst-2025]"
  - "The Example Institute published its ytterbium supply note on 1 March 2025.[^inst-2025]"
  - "Ytterbium-doped fibre amplifiers are the subject of the Example Institute's March 2025 supply note.[^inst-2025]"
sources:
  - key: inst-2025
    publisher: Example Institute
    title: "Ytterbium supply note"
    url: https://example.org/ytterbium
    date: 2025-03-01
    authority: analysis
published: 2025-03-01
as_of: 2025-03-01
reviewed: 2026-11-30
minerals: [ytterbium]
countries: [China]
topics: [supply-chain]
---

## Ytterbium amplifiers

The Example Institute said in March 2025 that ytterbium-doped fibre amplifiers used 41 tonnes of ytterbium in 2024.[^inst-2025]
"""


def each_worker(base: str, workers: int, check: Callable[[httpx.Response], bool], path: str,
                timeout: float, **request: object) -> dict[str, httpx.Response]:
    """Send requests on fresh connections until ``workers`` distinct workers have passed ``check``."""
    passed: dict[str, httpx.Response] = {}
    deadline = time.monotonic() + timeout
    while len(passed) < workers:
        assert time.monotonic() < deadline, f"only workers {sorted(passed)} passed {path} in {timeout:.0f} s"
        try:
            with httpx.Client(timeout=30) as client:  # a new connection: the kernel picks a worker
                r = client.request("POST" if "json" in request else "GET", base + path, **request)  # type: ignore
        except httpx.HTTPError:
            time.sleep(0.5)
            continue
        if check(r):
            passed.setdefault(r.headers["x-worker"], r)
        else:
            time.sleep(0.2)
    return passed


@pytest.fixture
def cluster(tmp_path: Path, corpus: Path):  # type: ignore[no-untyped-def]
    port, chroma_port = free_port(), free_port()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
           "ASSISTANT_HOST": "127.0.0.1", "ASSISTANT_PORT": str(port), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve-cluster", "--workers", "2",
                             "--chroma-port", str(chroma_port)], env=env, cwd=tmp_path, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield f"http://127.0.0.1:{port}", chroma_port, env, proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_workers_share_one_index_and_see_each_others_ingests(cluster, corpus: Path) -> None:  # type: ignore
    base, chroma_port, env, proc = cluster
    ready = each_worker(base, 2, lambda r: r.status_code == 200, "/readyz", timeout=300)
    assert len(set(ready)) == 2  # two processes

    question = {"question": "What did China's July 2023 licensing rule cover?"}
    answers = each_worker(base, 2, lambda r: r.status_code == 200, "/api/ask", timeout=60, json=question)
    texts = {r.json()["answer"] for r in answers.values()}
    assert len(texts) == 1 and "gallium" in texts.pop().lower()  # one index, one answer
    assert {r.json()["citations"][0]["doc_id"] for r in answers.values()} == {"gallium-controls"}

    (corpus / "ytterbium-fibre.md").write_text(NEW_NOTE)
    server = {"ASSISTANT_CHROMA_HOST": "127.0.0.1", "ASSISTANT_CHROMA_PORT": str(chroma_port)}
    ingest = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], capture_output=True, text=True,
                            env={**env, **server}, timeout=300)
    assert ingest.returncode == 0 and "added 1" in ingest.stdout, ingest.stderr

    def lists_new(r: httpx.Response) -> bool:
        return r.status_code == 200 and "ytterbium-fibre" in {d["doc_id"] for d in r.json()["documents"]}

    each_worker(base, 2, lists_new, "/api/sources", timeout=60)

    def cites_new(r: httpx.Response) -> bool:
        body = r.json()
        return r.status_code == 200 and not body["abstained"] and body["citations"][0]["doc_id"] == "ytterbium-fibre"

    found = each_worker(base, 2, cites_new, "/api/ask", timeout=60,
                        json={"question": "How much ytterbium did fibre amplifiers use in 2024?"})
    assert all("41 tonnes" in r.json()["answer"] for r in found.values())
    assert proc.poll() is None
