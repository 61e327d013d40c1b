"""What a chat user waits for, measured in Debian's Chromium: written to bench/results/ui.json and ui.md.

A real `assistant serve` on loopback over the shipped corpus (indexed into a temporary folder); Playwright opens
`/embed/`, then asks each question and records the time from Enter to the first streamed text and to the finished
answer with its sources panel, plus the page's request count and bytes (all of them must be to 127.0.0.1).

Run: `.venv/bin/python bench/bench_ui.py` (figures are noisy on a shared machine; the run says how many CPUs it had).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from common import OUT, ROOT, server

QUESTIONS = [
    "How much of the world's gallium does China produce?",
    "What did China's April 2025 export controls cover?",
    "What is the MP Materials price floor?",
    "Why are rare earths critical to AI?",
    "What are the US and its allies doing to reduce reliance on China?",
    "How did germanium prices change after the 2023 controls?",
]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with tempfile.TemporaryDirectory() as tmp:
        env.update(ASSISTANT_INDEX_DIR=str(Path(tmp) / "index"), ASSISTANT_FEEDBACK_PATH=str(Path(tmp) / "fb.jsonl"))
        subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], env=env, check=True, cwd=ROOT)
        with server(env) as (base, _process, _ready_s):
            figures = measure(base, sync_playwright)
    figures["cpus"] = os.cpu_count()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ui.json").write_text(json.dumps(figures, indent=2) + "\n")
    rows = [f"| {k} | {v} |" for k, v in figures.items() if not isinstance(v, list)]
    (OUT / "ui.md").write_text("# Chat UI figures (bench/bench_ui.py)\n\n| figure | value |\n|---|---|\n"
                               + "\n".join(rows) + "\n")
    print(json.dumps(figures, indent=2))


def measure(base: str, sync_playwright) -> dict:  # type: ignore[no-untyped-def,type-arg]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 1000})
        sizes: list[int] = []
        hosts: set[str] = set()

        def on_response(response) -> None:  # type: ignore[no-untyped-def]
            hosts.add(urlparse(response.url).hostname or "")
            try:
                sizes.append(len(response.body()))
            except Exception:  # streaming responses have no body to read
                sizes.append(0)

        page.on("response", on_response)
        started = time.perf_counter()
        page.goto(f"{base}/embed/")
        page.locator("#cm-corpus").get_by_text("as of").wait_for(timeout=120_000)
        load_ms = (time.perf_counter() - started) * 1000
        page_requests, page_bytes = len(sizes), sum(sizes)
        first, done = [], []
        for question in QUESTIONS:
            count = page.locator(".cm-answer").count()
            box = page.locator("#cm-question textarea")
            box.fill(question)
            started = time.perf_counter()
            box.press("Enter")
            page.locator(".cm-answer .cm-text").nth(count).wait_for(timeout=120_000)
            page.wait_for_function(f"document.querySelectorAll('.cm-answer .cm-text')[{count}].innerText.length > 20",
                                   timeout=120_000)
            first.append((time.perf_counter() - started) * 1000)
            page.locator(".cm-answer:not(.cm-streaming)").nth(count).wait_for(timeout=120_000)
            done.append((time.perf_counter() - started) * 1000)
        browser.close()
    return {"page_load_to_ready_ms": round(load_ms), "page_requests": page_requests,
            "page_kbytes": round(page_bytes / 1024), "request_hosts": sorted(hosts),
            "questions": len(QUESTIONS), "first_text_ms_median": round(statistics.median(first)),
            "answer_done_ms_median": round(statistics.median(done)), "answer_done_ms_max": round(max(done)),
            "first_text_ms": [round(x) for x in first], "answer_done_ms": [round(x) for x in done]}


if __name__ == "__main__":
    main()
