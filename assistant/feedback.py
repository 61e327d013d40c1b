"""User feedback on answers: an append-only JSONL log, and its export as eval-set candidates.

Each line is one verdict: the question, the answer, its citations, ``up`` or ``down``, an optional comment and the
time. ``export_candidates`` turns the log into lines in the ``evals/questions.jsonl`` format for a curator to review.

>>> log = FeedbackLog(Path("/tmp/feedback.jsonl"))                          # doctest: +SKIP
>>> log.record(question="Q?", answer={"answer": "A. [1]", "citations": []}, verdict="up")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from pathlib import Path
from typing import Any, Literal

from .errors import BadRequestError
from .inputs import check_json_text, clean_text

Verdict = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000
_CITATION_FIELDS = ("n", "doc_id", "title", "source_title", "publisher", "url", "published", "authority")


class FeedbackLog:
    """Appends one JSON line per verdict; safe to call from several threads of one process."""

    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def record(self, *, question: str, answer: dict[str, Any], verdict: str, comment: str = "",
               user: str | None = None, filters: dict[str, Any] | None = None,
               client: str | None = None) -> dict[str, Any]:
        """Validate and append one entry; return it. ``client`` is the address the request came from (behind a
        trusted proxy, the one it forwarded)."""
        if verdict not in ("up", "down"):
            raise BadRequestError(f"verdict {verdict!r} is not 'up' or 'down'")
        comment = clean_text((comment or "").strip(), "the comment")
        if len(comment) > MAX_COMMENT_CHARS:
            raise BadRequestError(f"the comment has {len(comment)} characters; the limit is {MAX_COMMENT_CHARS}")
        if not isinstance(question, str) or not question.strip():
            raise BadRequestError("feedback needs the question it is about")
        question = clean_text(question, "the question")
        answer = check_json_text(answer, "the answer")
        entry: dict[str, Any] = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "question": question.strip(),
            "answer": str(answer.get("answer", "")),
            "abstained": bool(answer.get("abstained", False)),
            "citations": [{k: c.get(k) for k in _CITATION_FIELDS if k in c} for c in answer.get("citations", [])
                          if isinstance(c, dict)],
            "verdict": verdict,
            "comment": comment,
        }
        if filters:
            entry["filters"] = filters
        if user:
            entry["user"] = user
        if client:
            entry["client"] = client
        # encoded before the file is opened: a value that cannot be written fails here, never as half a line
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as handle:
                handle.write(line)
        return entry

    def entries(self) -> list[dict[str, Any]]:
        """Every readable entry, oldest first (a torn last line from a crash is skipped)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise BadRequestError(f"no feedback log at {self.path}; nothing has been recorded yet "
                                  "(or set ASSISTANT_FEEDBACK_PATH)") from None
        out = []
        for line in lines:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and entry.get("question"):
                out.append(entry)
        return out


def export_candidates(entries: list[dict[str, Any]], *, verdict: str | None = None) -> list[dict[str, Any]]:
    """Eval-set candidates (``evals/questions.jsonl`` lines), one per distinct question, latest verdict wins.

    A thumbs-up answer becomes an answerable item expecting the documents it cited; a thumbs-down one is marked
    ``kind: "feedback-down"`` with empty expectations, for a curator to fill in. Ids are stable hashes of the question.
    """
    latest: dict[str, dict[str, Any]] = {}
    for entry in entries:
        latest[" ".join(entry["question"].lower().split())] = entry
    items = []
    for entry in latest.values():
        if verdict and entry.get("verdict") != verdict:
            continue
        good = entry.get("verdict") == "up"
        cited = list(dict.fromkeys(c.get("doc_id") for c in entry.get("citations", []) if c.get("doc_id")))
        digest = hashlib.sha1(entry["question"].encode()).hexdigest()[:10]
        items.append({
            "id": f"fb-{digest}",
            "question": entry["question"],
            "expected_doc_ids": cited if good else [],
            "must_include": [],
            "answerable": not entry.get("abstained", False) if good else True,
            "topic": "feedback",
            "kind": "feedback-up" if good else "feedback-down",
            "feedback": {"verdict": entry.get("verdict"), "comment": entry.get("comment", ""),
                         "time": entry.get("time"), "answer": entry.get("answer", "")},
        })
    return items
