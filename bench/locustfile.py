"""Locust users for bench_serve.py: each asks dev-set questions over /api/ask, back to back (no think time)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from locust import HttpUser, constant, task

QUESTIONS = [json.loads(line) for line in
             (Path(__file__).resolve().parent.parent / "evals" / "questions.jsonl").read_text().splitlines()
             if line.strip()]


class Analyst(HttpUser):
    wait_time = constant(0)

    @task
    def ask(self) -> None:
        q = random.choice(QUESTIONS)
        body = {"question": q["question"], "history": q.get("history")}
        with self.client.post("/api/ask", json=body, name="/api/ask", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            elif "answer" not in response.json():
                response.failure("no answer in the response")
