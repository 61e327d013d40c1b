"""How much the way a question is typed changes its answer: the standalone questions of the dev set's tuning half,
each asked as written and retyped (curly apostrophes, zero-width spaces, non-breaking spaces, all capitals, American
spellings, misspelt mineral names, a chat message's greeting and thanks, a missing or doubled question mark, an
emoji), counting the answers that differ from the one to the question as written and the refusals.

Run:  .venv/bin/python evals/typing_eval.py [path/to/questions.jsonl]
Writes evals/reports/typing.md and typing.json (figures only; no answer text).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from breame.spelling import american_spelling_exists, british_spelling_exists, get_american_spelling  # noqa: E402

from assistant.assistant import build_assistant  # noqa: E402
from assistant.lexicon import MINERALS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_MINERAL_WORDS = re.compile(r"\b(" + "|".join(sorted({w for names in MINERALS.values() for n in names
                                                        for w in re.findall(r"[a-z]{6,}", n)}, key=len, reverse=True))
                            + r")\b")


def _american(text: str) -> str:
    def respell(match: re.Match[str]) -> str:
        word = match.group(0)
        if not british_spelling_exists(word):
            return word
        other = get_american_spelling(word)
        return other if american_spelling_exists(other) else word

    return re.sub(r"\b[a-z]{3,}\b", respell, text)


def _misspelt(text: str) -> str:
    """Each mineral name of six letters or more with its middle letter dropped ("gallium" -> "galium")."""
    return _MINERAL_WORDS.sub(lambda m: m.group(0)[:len(m.group(0)) // 2] + m.group(0)[len(m.group(0)) // 2 + 1:],
                              text)


VARIANTS: dict[str, Callable[[str], str]] = {
    "curly apostrophes": lambda q: q.replace("'", "\u2019"),
    "zero-width spaces": lambda q: q.replace(" ", " \u200b", 3),
    "non-breaking spaces": lambda q: q.replace(" ", "\u00a0"),
    "all capitals": str.upper,
    "American spellings": _american,
    "misspelt mineral names": _misspelt,
    "greeting and thanks": lambda q: f"Hi, {q} Thanks!",
    "no question mark": lambda q: q.rstrip("?"),
    "two question marks": lambda q: q.rstrip("?") + "??",
    "an emoji": lambda q: q + " \U0001F64F",
}


def main(path: Path) -> dict[str, dict[str, int]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [r["question"] for r in rows if r.get("split") == "tune" and not r.get("history")]
    assistant = build_assistant()

    def body(text: str) -> str:
        return text.split("**Read more")[0]

    plain = {q: assistant.ask(q) for q in questions}
    figures: dict[str, dict[str, int]] = {}
    for name, retype in VARIANTS.items():
        changed = [q for q in questions if retype(q) != q]
        answers = {q: assistant.ask(retype(q)) for q in changed}
        figures[name] = {
            "retyped": len(changed),
            "answer differs": sum(body(answers[q].text) != body(plain[q].text) for q in changed),
            "refused as written": sum(plain[q].abstained for q in changed),
            "refused as retyped": sum(answers[q].abstained for q in changed),
        }
    return figures


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "evals" / "questions.jsonl"
    result = main(source)
    out = ROOT / "evals" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / "typing.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = ["# Answers to retyped questions", "",
             f"Standalone questions of the tuning half of `{source.name}`, each asked as written and retyped. Command: "
             "`.venv/bin/python evals/typing_eval.py`.", "",
             "| retyping | questions retyped | answer differs | refused as written | refused as retyped |",
             "|---|---|---|---|---|"]
    lines += [f"| {name} | {f['retyped']} | {f['answer differs']} | {f['refused as written']} | "
              f"{f['refused as retyped']} |" for name, f in result.items()]
    (out / "typing.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
