"""What a chart costs an answer: written to bench/results/charts.json and charts.md.

Over the shipped corpus (``tmp/base``), series questions are answered alternately with chart selection on and off
(``render.chart_blocks`` replaced by a no-op), so the load of a shared machine hits both alike; the p95 difference is
what a chart adds to an answer (target: at most 80 ms). Drawing happens later, on ``GET /api/chart/{id}.png``: its
first (matplotlib import and font cache) and warm times are reported separately.

Run: `.venv/bin/python bench/bench_charts.py [--reps 6]`.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from common import summary_ms, write_results
from indexes import base_index, settings_for

QUESTIONS = [
    "How did the mining quota for rare earths in China move between 2019 and 2024?",
    "How have NdPr oxide prices moved since 2022?",
    "Show Chinese exports of rare earth magnets month by month in 2025",
    "What share of each critical mineral's refining does China hold?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=6)
    args = parser.parse_args()

    from assistant.answering import render
    from assistant.answering.charts import chart_blocks, render_chart
    from assistant.assistant import build_assistant
    from assistant.embeddings import set_torch_threads

    set_torch_threads(1)
    assistant = build_assistant(settings_for(base_index()))
    assistant.warm_up()
    for q in QUESTIONS:
        assistant.ask(q)

    def no_charts(pick: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return []

    on: list[float] = []
    off: list[float] = []
    select: list[float] = []
    charts: list[dict[str, Any]] = []
    timed_select = chart_blocks

    def timed(pick: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        started = time.perf_counter()
        out = timed_select(pick, rows)
        select.append((time.perf_counter() - started) * 1000)
        return out

    for _ in range(args.reps):
        for q in QUESTIONS:
            for enabled in (True, False):
                render.chart_blocks = timed if enabled else no_charts  # type: ignore[assignment]
                started = time.perf_counter()
                answer = assistant.ask(q)
                (on if enabled else off).append((time.perf_counter() - started) * 1000)
                if enabled:
                    charts += [b for b in answer.blocks if b.get("type") == "chart"]
    render.chart_blocks = chart_blocks  # type: ignore[assignment]
    unique = list({c["id"]: c for c in charts}.values())
    draw_first = draw_warm = svg = float("nan")
    if unique:
        started = time.perf_counter()
        render_chart(unique[0], "png")
        draw_first = (time.perf_counter() - started) * 1000
        warm = []
        for chart in unique * 3:
            started = time.perf_counter()
            render_chart(chart, "png")
            warm.append((time.perf_counter() - started) * 1000)
        draw_warm = sorted(warm)[len(warm) // 2]
        started = time.perf_counter()
        render_chart(unique[0], "svg")
        svg = (time.perf_counter() - started) * 1000
    with_charts, without = summary_ms(on), summary_ms(off)
    added = round(with_charts["p95_ms"] - without["p95_ms"], 1)
    figures = {"answer_with_charts": with_charts, "answer_without_charts": without, "p95_added_ms": added,
               "chart_selection": summary_ms(select), "charts_made": len(unique),
               "draw_png_first_ms": round(draw_first, 1),
               "draw_png_warm_p50_ms": round(draw_warm, 1), "draw_svg_ms": round(svg, 1), "reps": args.reps}
    rows = [("answer p95 with chart selection", f"{with_charts['p95_ms']} ms", ""),
            ("answer p95 without", f"{without['p95_ms']} ms", ""),
            ("p95 added by a chart", f"{added} ms", "≤ 80 ms"),
            ("chart selection p95 (inside the answer)", f"{summary_ms(select)['p95_ms']} ms", ""),
            ("distinct charts made", len(unique), "≥ 1"),
            ("PNG drawing, first in the process", f"{draw_first:.0f} ms", "on request, not in the answer"),
            ("PNG drawing, warm (p50)", f"{draw_warm:.0f} ms", "on request, cached per id"),
            ("SVG drawing", f"{svg:.0f} ms", "on request")]
    write_results("charts", "Charts: cost per answer and drawing time", figures, rows,
                  notes=["Chart selection runs inside the answer; drawing runs when the image is requested and is "
                         "cached per chart id. On and off alternate question by question, on a shared 2-core "
                         "machine, so the difference of two noisy p95s can be negative."])


if __name__ == "__main__":
    main()
