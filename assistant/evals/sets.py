"""Read an eval set as a team keeps it (JSON Lines, CSV or an Excel sheet), and write an empty template.

Every format uses the same column names (``COLUMNS``). In CSV and XLSX a list field (``must_include``,
``expected_doc_ids``, ``aspects``) holds its values separated by ``;``, ``answerable`` is true or false, and
``history`` is either a JSON list of ``{"role", "content"}`` turns or the earlier turns separated by ``||``
(user, assistant, user, ...). A bad row (unknown column, empty question, a regex that does not compile, a duplicate
id) is reported with its row number and skipped; the rest of the set still runs.

>>> loaded = read_eval_set(Path("my-set.xlsx"))   # doctest: +SKIP
>>> loaded.items, loaded.problems                  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import BadRequestError
from .runner import EvalItem

COLUMNS: dict[str, str] = {
    "id": "A short unique name for the item (default: its row number).",
    "question": "The question, as a user would ask it (required).",
    "must_include": "Facts the answer must contain, separated by ';' (text, or a regex after 're:').",
    "expected_answer": "A model answer in free text: its figures must all appear in the answer; also scored by "
                       "embedding similarity.",
    "expected_doc_ids": "Note ids an answer should be drawn from, separated by ';' (leave empty if unknown).",
    "answerable": "true if the corpus should answer it, false if the assistant should decline.",
    "aspects": "Points a good answer to a broad question covers, separated by ';' (text or 're:' regex).",
    "history": "For a follow-up: the earlier turns, user || assistant || ... (or a JSON list of turns).",
    "kind": "Free label, e.g. answerable, unanswerable, followup, broad.",
    "qtype": "Expected answer type: factoid, explanation, list, comparison or trend.",
    "topic": "Free label used to group results.",
    "split": "tune or heldout (a held-out item is never used to tune the assistant).",
}
LIST_FIELDS = ("must_include", "expected_doc_ids", "aspects")
# Fields an older tool writes that carry no check (the feedback export keeps the user's verdict and comment).
PASSIVE_FIELDS = frozenset({"feedback", "notes", "comment"})
EXAMPLE = {
    "id": "example-1",
    "question": "Who smelts the most tellurium, and by what margin?",
    "must_include": "re:\\d+\\s*%",
    "expected_answer": "",
    "expected_doc_ids": "",
    "answerable": "true",
    "aspects": "",
    "history": "",
    "kind": "answerable",
    "qtype": "factoid",
    "topic": "supply-chain",
    "split": "",
}


class EvalSetError(BadRequestError):
    """The eval set as a whole cannot be used: missing, unreadable, empty, headerless, or without any check."""


@dataclass
class LoadedSet:
    items: list[EvalItem]
    problems: list[str] = field(default_factory=list)  # one line per skipped row


def load_eval_set(path: Path) -> list[EvalItem]:
    """The usable items of a set; skipped rows are dropped silently (use ``read_eval_set`` to see them)."""
    return read_eval_set(path).items


def read_eval_set(path: Path) -> LoadedSet:
    """Read a ``.jsonl``, ``.csv`` or ``.xlsx`` eval set; raise ``EvalSetError`` when nothing usable is left."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".json", ".csv", ".xlsx"):
        raise EvalSetError(f"eval set {path}: unknown format {suffix or '(no extension)'!r}; "
                           "use .jsonl, .csv or .xlsx")
    if not path.is_file():
        raise EvalSetError(f"cannot read eval set {path}: no such file; check the path")
    try:
        rows = list(jsonl_rows(path) if suffix in (".jsonl", ".json") else
                    _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path))
    except (OSError, UnicodeDecodeError) as err:
        raise EvalSetError(f"cannot read eval set {path} ({getattr(err, 'strerror', None) or err})") from err
    loaded = LoadedSet([])
    seen: set[str] = set()
    for number, row in rows:
        where = f"{path.name}:{number}"
        if isinstance(row, str):
            loaded.problems.append(f"{where}: {row}; row skipped")
            continue
        try:
            item = _item(row, number)
        except ValueError as err:
            loaded.problems.append(f"{where}: {err}; row skipped")
            continue
        if item.id in seen:
            loaded.problems.append(f"{where}: id {item.id!r} is used twice; row skipped (give each item its own id)")
            continue
        seen.add(item.id)
        loaded.items.append(item)
    if not loaded.items:
        detail = f" ({len(loaded.problems)} bad row(s): {loaded.problems[0]})" if loaded.problems else ""
        raise EvalSetError(f"eval set {path} holds no usable eval items{detail}")
    if not any(i.checks for i in loaded.items):
        raise EvalSetError(f"eval set {path}: no item carries a check; give items must_include, expected_answer, "
                           "expected_doc_ids, aspects or answerable (see `assistant eval template`)")
    return loaded


def _item(row: dict[str, Any], number: int) -> EvalItem:
    unknown = sorted(k for k, v in row.items() if k not in COLUMNS and k not in PASSIVE_FIELDS and v not in ("", None))
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(map(repr, unknown))}; use {', '.join(COLUMNS)}")
    data = {k: v for k, v in row.items() if k in COLUMNS and v not in ("", None)}
    data.setdefault("id", f"row-{number}")
    if not str(data.get("question", "")).strip():
        raise ValueError("the question is empty")
    for name in ("must_include", "aspects"):
        for pattern in data.get(name) or []:
            if isinstance(pattern, str) and pattern.startswith("re:"):
                try:
                    re.compile(pattern[3:])
                except re.error as err:
                    raise ValueError(f"{name}: {pattern!r} is not a valid regex ({err})") from None
    try:
        return EvalItem.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(map(str, first["loc"])) or "row"
        raise ValueError(f"{where}: {first['msg']}") from None


def jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, object) for each non-blank line, or (line number, what is wrong with it)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, f"not valid JSON ({err.msg})"
            continue
        yield number, row if isinstance(row, dict) else "not a JSON object"


def _cell_row(header: list[str], values: list[Any]) -> dict[str, Any] | str:
    row: dict[str, Any] = {}
    for name, value in zip(header, values, strict=False):
        if not name:
            if value not in (None, ""):
                return "a value in a column without a name"
            continue
        text = "" if value is None else str(value).strip()
        if isinstance(value, bool):
            text = "true" if value else "false"
        if name in LIST_FIELDS:
            row[name] = [v.strip() for v in text.split(";") if v.strip()] if text else None
        elif name == "answerable":
            lowered = text.lower()
            if lowered and lowered not in ("true", "false", "yes", "no", "1", "0"):
                return f"answerable {text!r} is not true or false"
            row[name] = lowered in ("true", "yes", "1") if lowered else None
        elif name == "history":
            row[name] = _history(text) if text else None
        else:
            row[name] = text
    return row


def _history(text: str) -> Any:
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass  # validated below as turns; a bad list is reported by the item model
    turns = [t.strip() for t in text.split("||")]
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": t} for i, t in enumerate(turns)]


def _header(values: list[Any], path: Path) -> list[str]:
    header = [str(v).strip().lower().replace(" ", "_") if v is not None else "" for v in values]
    if "question" not in header:
        raise EvalSetError(f"eval set {path}: the first row is not a header with a 'question' column (got "
                           f"{', '.join(h for h in header if h) or 'an empty row'}); "
                           "see `assistant eval template --out set.xlsx`")
    return header


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        first = next(reader, None)
        if first is None:
            return
        header = _header(first, path)
        for values in reader:
            if any(v.strip() for v in values):
                yield reader.line_num, _cell_row(header, values)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises zipfile, KeyError and its own errors for a file that is not a sheet
        raise EvalSetError(f"cannot read eval set {path}: not an Excel .xlsx workbook ({type(err).__name__})") from err
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            return
        header = _header(list(first), path)
        for number, values in enumerate(rows, start=2):
            if any(v not in (None, "") for v in values):
                yield number, _cell_row(header, list(values))
    finally:
        book.close()


def write_template(out: Path) -> Path:
    """An empty sheet (``.csv`` or ``.xlsx``) with every column, a second header row describing them for XLSX,
    and one example row."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise EvalSetError(f"template {out}: use a .csv or .xlsx file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    columns = list(COLUMNS)
    example = [EXAMPLE[c] for c in columns]
    try:
        if suffix == ".csv":
            with out.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                writer.writerow(example)
        else:
            from openpyxl import Workbook
            from openpyxl.comments import Comment

            book = Workbook()
            sheet = book.active
            sheet.title = "eval set"
            sheet.append(columns)
            sheet.append(example)
            for cell, name in zip(sheet[1], columns, strict=True):
                cell.comment = Comment(COLUMNS[name], "assistant")
            sheet.freeze_panes = "A2"
            book.save(out)
    except OSError as err:
        raise EvalSetError(f"cannot write template {out} ({err.strerror}); choose another --out") from err
    return out
