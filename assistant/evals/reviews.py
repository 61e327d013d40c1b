"""Human verdicts: a person marks an answer right or wrong where no automatic check can (``assistant eval review``).

Verdicts live in a JSON Lines file beside the eval set (``my-set.reviews.jsonl`` for ``my-set.csv``), one line per
verdict: ``{"id", "question", "answer_sha", "verdict": "right"|"wrong", "reviewer", "at"}``. A verdict belongs to the
answer it was given on: the next run counts it only for an item whose answer is word for word the same, and reports
the others as outdated, so a changed answer is never credited with an old verdict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import BadRequestError
from .runner import ItemResult
from .sets import jsonl_rows

VERDICTS = ("right", "wrong")


def reviews_path(eval_set: Path) -> Path:
    return eval_set.with_name(f"{eval_set.stem}.reviews.jsonl")


def answer_sha(answer: str | None) -> str:
    return hashlib.sha256(" ".join((answer or "").split()).encode("utf-8")).hexdigest()[:16]


def load_reviews(path: Path) -> list[dict[str, Any]]:
    """Every verdict in the file (none when it does not exist); a malformed line is a clear error."""
    if not path.is_file():
        return []
    out = []
    for number, entry in jsonl_rows(path):
        if isinstance(entry, str) and entry.startswith("not valid JSON"):
            raise BadRequestError(f"{path}:{number}: {entry}; fix or delete the line")
        if not isinstance(entry, dict) or entry.get("verdict") not in VERDICTS or not entry.get("answer_sha"):
            raise BadRequestError(f"{path}:{number}: not a review (needs id, answer_sha and verdict right|wrong)")
        out.append(entry)
    return out


def apply_reviews(results: list[ItemResult], reviews: list[dict[str, Any]]) -> dict[str, int]:
    """Attach each item's latest verdict on its current answer; count the verdicts applied and outdated."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    reviewed_ids: set[str] = set()
    for entry in reviews:
        latest[(str(entry.get("id")), str(entry["answer_sha"]))] = entry
        reviewed_ids.add(str(entry.get("id")))
    applied = outdated = 0
    for r in results:
        if not r.answers:
            continue
        found = latest.get((r.item.id, answer_sha(r.answer)))
        if found is not None:
            r.human = {"verdict": found["verdict"], "reviewer": found.get("reviewer", ""), "at": found.get("at", "")}
            applied += 1
        elif r.item.id in reviewed_ids:
            outdated += 1
    return {"applied": applied, "outdated": outdated}


def record(path: Path, item: dict[str, Any], verdict: str, reviewer: str = "") -> dict[str, Any]:
    """Append one verdict on a report item (as ``report.json`` holds it)."""
    if verdict not in VERDICTS:
        raise BadRequestError(f"verdict {verdict!r} is not right or wrong")
    entry = {"id": item["id"], "question": item["question"], "answer_sha": answer_sha(item.get("answer")),
             "verdict": verdict, "reviewer": reviewer,
             "at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as err:
        raise BadRequestError(f"cannot write reviews {path} ({err.strerror}); choose another --reviews") from err
    return entry
