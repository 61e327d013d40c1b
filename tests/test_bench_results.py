"""The benchmark result files in bench/results/ parse and hold every figure the README and the issue quote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parent.parent / "bench" / "results"
LOAD = {"users", "seconds", "requests", "errors", "throughput_rps", "p50_ms", "p95_ms", "p99_ms", "server_cpu_s",
        "server_cpu_ms_per_request", "locust_cpu_s", "rss_mb_after", "load_average_before", "load_average_after"}


def _read(name: str) -> dict:
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"{path.name} not written yet (make bench)")
    data = json.loads(path.read_text())
    assert {"machine", "load_average_1_5_15", "when"} <= data.keys()
    assert (RESULTS / f"{name}.md").read_text().startswith("# ")
    return data


def test_serve_holds_every_load_figure() -> None:
    data = _read("serve")
    one = data["one_worker"]
    assert {"ready_s", "rss_mb_ready"} <= one.keys()
    for label in ("uncached", "cached"):
        assert {"p50_ms", "p95_ms", "n", "served_from_cache"} <= one["one_client"][label].keys()
    for load in (one["users32_cached"], one["realistic_mix"], data["one_worker_uncached"],
                 data["cluster_2_workers_uncached"]):
        assert load.keys() >= LOAD, LOAD - load.keys()
        assert load["requests"] > 0 and load["rss_mb_after"] > 0


def test_cpu_comparison_holds_both_figures_and_the_answer_check() -> None:
    data = _read("cpu-compare")
    for name in ("before", "after"):
        assert data[name]["cpu_ms_per_answer"] > 0 and data[name]["answers_per_s_per_core"] > 0
    assert data["speedup"] > 0 and data["answers_compared"] > 0 and isinstance(data["answers_differing"], list)


def test_onnx_holds_speed_and_cosine() -> None:
    data = _read("onnx")
    assert {"torch_cpu_ms_per_query", "onnx_cpu_ms_per_query", "speedup", "cosine_min"} <= data.keys()
