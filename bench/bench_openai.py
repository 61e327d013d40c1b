"""What the OpenAI-compatible face adds to an answer: /v1/chat/completions against /api/ask for the same question on a
real ``assistant serve`` (target: at most 5 ms more), plus the layer's own work measured in process.

Each question is asked both ways back to back, in alternating order, several rounds; the figure is the median of the
per-question differences (v1 minus api), so the load of a shared machine cancels out as far as it can.

Run: `make bench` or `python bench/bench_openai.py [--questions 40] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

import httpx
from common import questions, server, summary_ms, write_results
from indexes import base_index

MODEL = "critical-minerals-assistant"


def paired(base: str, items: list[dict[str, Any]], rounds: int) -> dict[str, Any]:
    api_ms: list[float] = []
    v1_ms: list[float] = []
    stream_ms: list[float] = []
    differences: list[float] = []
    with httpx.Client(timeout=60) as client:

        def api(q: dict[str, Any]) -> float:
            start = time.perf_counter()
            client.post(base + "/api/ask", json={"question": q["question"]}).raise_for_status()
            return (time.perf_counter() - start) * 1000

        def v1(q: dict[str, Any]) -> float:
            start = time.perf_counter()
            client.post(base + "/v1/chat/completions", json={
                "model": MODEL, "messages": [{"role": "user", "content": q["question"]}]}).raise_for_status()
            return (time.perf_counter() - start) * 1000

        def v1_stream(q: dict[str, Any]) -> float:
            start = time.perf_counter()
            with client.stream("POST", base + "/v1/chat/completions", json={
                    "model": MODEL, "stream": True, "messages": [{"role": "user", "content": q["question"]}]}) as r:
                r.raise_for_status()
                for _ in r.iter_bytes():
                    pass
            return (time.perf_counter() - start) * 1000

        for q in items[:5]:  # warm both paths
            api(q), v1(q)
        for round_ in range(rounds):
            for i, q in enumerate(items):
                if (i + round_) % 2:
                    a, b = api(q), v1(q)
                else:
                    b, a = v1(q), api(q)
                api_ms.append(a)
                v1_ms.append(b)
                differences.append(b - a)
        for q in items:
            stream_ms.append(v1_stream(q))
    return {"api_ask": summary_ms(api_ms), "v1_chat": summary_ms(v1_ms), "v1_chat_stream": summary_ms(stream_ms),
            "median_difference_ms": round(statistics.median(differences), 2),
            "mean_difference_ms": round(statistics.fmean(differences), 2), "pairs": len(differences)}


def layer_cost(items: list[dict[str, Any]]) -> dict[str, float]:
    """The /v1 layer's own work per request, in process: parse and check the body, build the completion, encode it."""
    from indexes import settings_for

    from assistant.assistant import build_assistant
    from assistant.inputs import check_json_text
    from assistant.openai_api import ChatRequest, completion, conversation, unsupported

    assistant = build_assistant(settings_for(base_index()))
    answers = [assistant.ask(q["question"]).to_dict() for q in items]
    timings = []
    for q, answer in zip(items, answers, strict=True):
        body = {"model": MODEL, "messages": [{"role": "system", "content": "Be brief."},
                                             {"role": "user", "content": q["question"]}], "temperature": 0}
        start = time.perf_counter()
        chat = ChatRequest.model_validate(check_json_text(json.loads(json.dumps(body)), "body"))
        unsupported(chat)
        conversation(chat.messages)
        json.dumps(completion(answer, chat.model), ensure_ascii=False)
        timings.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(statistics.median(timings), 3), "max_ms": round(max(timings), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    items = [q for q in questions() if not q.get("history")][:args.questions]
    index = base_index()
    with server({"ASSISTANT_INDEX_DIR": str(index)}) as (base, _proc, _ready):
        figures = paired(base, items, args.rounds)
    figures["layer_in_process"] = layer_cost(items)
    diff = figures["median_difference_ms"]
    rows = [
        ("/api/ask p50 / p95 ms", f"{figures['api_ask']['p50_ms']} / {figures['api_ask']['p95_ms']}", ""),
        ("/v1/chat/completions p50 / p95 ms", f"{figures['v1_chat']['p50_ms']} / {figures['v1_chat']['p95_ms']}", ""),
        ("/v1 streamed to [DONE] p50 / p95 ms",
         f"{figures['v1_chat_stream']['p50_ms']} / {figures['v1_chat_stream']['p95_ms']}", ""),
        ("added by /v1: median paired difference ms", diff, "<= 5"),
        ("/v1 layer in process (parse, check, build, encode) p50 / max ms",
         f"{figures['layer_in_process']['p50_ms']} / {figures['layer_in_process']['max_ms']}", ""),
    ]
    notes = [f"{len(items)} single-turn questions of the development set x {args.rounds} rounds, each asked both "
             "ways back to back in alternating order, one client, a real `assistant serve` on loopback over the "
             "shipped corpus; the paired difference is v1 minus api for the same question in the same moment.",
             "The in-process row is the only work /v1 adds (the answer itself is the facade's, as for /api/ask); "
             "on a shared machine the end-to-end difference is mostly noise around it."]
    write_results("openai", "OpenAI-compatible endpoint: added latency over /api/ask", figures, rows, notes)


if __name__ == "__main__":
    main()
