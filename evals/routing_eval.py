"""Question-type routing on a set of phrasings written apart from the dev set (evals/routing.jsonl: 240 questions,
48 per type, labelled with the plan a good answer takes; half held out).

Run:  .venv/bin/python evals/routing_eval.py [path/to/routing.jsonl]
Writes evals/reports/routing.md: accuracy by split and type, and the confusions (held-out ones as counts only).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from assistant.answering.query import question_type

ROOT = Path(__file__).resolve().parents[1]


def main(path: Path) -> str:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = ["# Question-type routing", "", f"Set: `{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}`"
             f" ({len(rows)} questions). Command: `.venv/bin/python evals/routing_eval.py`.", "",
             "| split | accuracy | " + " | ".join(sorted({r['qtype'] for r in rows})) + " |",
             "|---|---|" + "---|" * len({r['qtype'] for r in rows})]
    confusions: dict[str, Counter[tuple[str, str]]] = {}
    for split in ("tune", "heldout"):
        part = [r for r in rows if r.get("split") == split]
        right, total, confused = Counter(), Counter(), Counter()
        for row in part:
            got = question_type(row["question"]).value
            total[row["qtype"]] += 1
            right[row["qtype"]] += got == row["qtype"]
            if got != row["qtype"]:
                confused[(row["qtype"], got)] += 1
        confusions[split] = confused
        cells = " | ".join(f"{right[t]}/{total[t]}" for t in sorted(total))
        lines.append(f"| {split} | {sum(right.values()) / max(1, sum(total.values())):.3f} | {cells} |")
    lines += ["", "Confusions (wanted → routed as):", ""]
    for split, confused in confusions.items():
        text = ", ".join(f"{want} → {got}: {n}" for (want, got), n in confused.most_common()) or "none"
        lines.append(f"- {split}: {text}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "evals" / "routing.jsonl"
    report = main(source)
    out = ROOT / "evals" / "reports" / "routing.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
