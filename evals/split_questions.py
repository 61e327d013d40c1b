"""Give every item of the development set a split: ``tune`` (what the answerer may be tuned on) or ``heldout``
(never read while tuning; the eval report shows its figures apart).

Run:  .venv/bin/python evals/split_questions.py [path/to/questions.jsonl]

The split is stratified by ``kind`` and ``qtype`` and deterministic: within each stratum items are ordered by a
SHA-256 of ``SEED`` and their id, and the first ones are held out until the stratum holds at least ``HELDOUT_SHARE``
of its items out. An item that already has a split keeps it, so adding items never moves an old item from one side
to the other. The file is rewritten in place, field order kept, ``split`` last.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = ROOT / "evals" / "questions.jsonl"
SEED = "critical-minerals-dev-split-2026-12"
HELDOUT_SHARE = 0.35  # a little over a third, so every stratum (rounded up) keeps at least a third out


def order_key(item_id: str) -> str:
    return hashlib.sha256(f"{SEED}:{item_id}".encode()).hexdigest()


def assign(items: list[dict]) -> None:
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for item in items:
        strata[(item.get("kind", ""), item.get("qtype", ""))].append(item)
    for members in strata.values():
        wanted = math.ceil(len(members) * HELDOUT_SHARE)
        held = sum(1 for m in members if m.get("split") == "heldout")
        for item in sorted((m for m in members if m.get("split") not in ("tune", "heldout")),
                           key=lambda m: order_key(m["id"])):
            item["split"] = "heldout" if held < wanted else "tune"
            held += item["split"] == "heldout"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_QUESTIONS
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assign(items)
    path.write_text("".join(json.dumps({k: v for k, v in it.items() if k != "split"} | {"split": it["split"]},
                                       ensure_ascii=False) + "\n" for it in items), encoding="utf-8")
    counts = Counter((it.get("kind", ""), it.get("qtype", ""), it["split"]) for it in items)
    for kind, qtype in sorted({(k, q) for k, q, _ in counts}):
        tune, held = counts[(kind, qtype, "tune")], counts[(kind, qtype, "heldout")]
        print(f"{kind}{'/' + qtype if qtype else ''}: tune {tune}, heldout {held}")
    total_held = sum(it["split"] == "heldout" for it in items)
    print(f"all: tune {len(items) - total_held}, heldout {total_held} ({total_held / len(items):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
