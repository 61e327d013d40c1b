"""The CI gate: minimum (and maximum) metrics kept in a TOML file, checked against a run's metrics.

``evals/thresholds.toml``::

    [min]                 # each metric must be at least this
    "hit@5" = 0.97
    [max]                 # each metric must be at most this (dotted names reach nested values)
    "latency_ms.end_to_end.p95" = 5000
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..errors import BadRequestError
from .metrics import NA, lookup


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise BadRequestError(f"cannot read thresholds {path} ({err.strerror}); check the path") from err
    except tomllib.TOMLDecodeError as err:
        raise BadRequestError(f"thresholds {path} is not valid TOML ({err})") from err
    unknown = sorted(set(data) - {"min", "max"})
    if unknown:
        raise BadRequestError(f"thresholds {path}: unknown table(s) {unknown}; use [min] and [max]")
    out: dict[str, dict[str, float]] = {"min": {}, "max": {}}
    for table in ("min", "max"):
        for key, value in data.get(table, {}).items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise BadRequestError(f"thresholds {path}: [{table}] {key!r} = {value!r} is not a number")
            out[table][key] = float(value)
    if not out["min"] and not out["max"]:
        raise BadRequestError(f"thresholds {path} holds no [min] or [max] entries")
    return out


def check(metrics: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Every missed threshold, as a readable line; an empty list means the gate passes. A metric that is n/a (no
    item of the set carries its check) is left out of the decision; ``not_applicable`` names those."""
    missed = []
    for key, floor in thresholds["min"].items():
        value = lookup(metrics, key)
        if value == NA:
            continue
        if not isinstance(value, int | float):
            missed.append(f"{key}: not measured by this run (needs >= {floor:g})")
        elif value < floor:
            missed.append(f"{key} = {value:g}, below the minimum {floor:g}")
    for key, ceiling in thresholds["max"].items():
        value = lookup(metrics, key)
        if value == NA:
            continue
        if not isinstance(value, int | float):
            missed.append(f"{key}: not measured by this run (needs <= {ceiling:g})")
        elif value > ceiling:
            missed.append(f"{key} = {value:g}, above the maximum {ceiling:g}")
    return missed


def not_applicable(metrics: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Thresholds the run could not judge because no item carries the metric's check."""
    return [key for table in ("min", "max") for key in thresholds[table] if lookup(metrics, key) == NA]
