"""Locust users for bench_serve.py, asking tune-split dev questions over /api/ask.

``BENCH_MIX=flat`` (default): every question equally likely, back to back (no think time), as a stress test.
``BENCH_MIX=popular``: the realistic mix of an intranet assistant: 80% of questions drawn from 20 popular ones (the
example chips), the rest from all of them, with 2-5 s of think time between questions.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, constant, task

QUESTIONS = [q for q in (json.loads(line) for line in
                         (Path(__file__).resolve().parent.parent / "evals" / "questions.jsonl").read_text().splitlines()
                         if line.strip()) if q.get("split", "tune") == "tune"]
POPULAR = [q for q in QUESTIONS if not q.get("history")][:20]
MIX = os.environ.get("BENCH_MIX", "flat")


class Analyst(HttpUser):
    wait_time = between(2, 5) if MIX == "popular" else constant(0)

    @task
    def ask(self) -> None:
        q = random.choice(POPULAR if MIX == "popular" and random.random() < 0.8 else QUESTIONS)
        body = {"question": q["question"], "history": q.get("history")}
        with self.client.post("/api/ask", json=body, name="/api/ask", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            elif "answer" not in response.json():
                response.failure("no answer in the response")
