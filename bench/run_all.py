"""Run every benchmark, one after another, then gather their Markdown tables into bench/results/summary.md.

Run: `make bench` (or `python bench/run_all.py [--only ingest,latency,baseline,serve,openai]`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from common import OUT, ROOT

SCRIPTS = {"ingest": "bench_ingest.py", "latency": "bench_latency.py", "baseline": "bench_baseline.py",
           "cpu": "bench_cpu.py", "onnx": "bench_onnx.py", "serve": "bench_serve.py", "openai": "bench_openai.py",
           "charts": "bench_charts.py"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SCRIPTS), help="comma-separated: " + ", ".join(SCRIPTS))
    parser.add_argument("--summary-only", action="store_true", help="only gather the existing tables into summary.md")
    args = parser.parse_args()
    failed = []
    for name in [] if args.summary_only else args.only.split(","):
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        code = subprocess.call([sys.executable, str(ROOT / "bench" / SCRIPTS[name])], cwd=ROOT)
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    parts = ["# Benchmark summary", "", "Each section is one script's `<name>.md`; the JSON next to it has every "
             "figure. Scripts: `bench/bench_*.py`; `make bench` runs them all.", ""]
    for name in [*SCRIPTS, "cpu-compare"]:  # cpu-compare: `bench_cpu.py --before REV`, run by hand
        path = OUT / f"{name}.md"
        if path.is_file():
            parts += [path.read_text().replace("# ", "## ", 1), ""]
    (OUT / "summary.md").write_text("\n".join(parts))
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
