"""Typed table cells: the Markdown tables of data notes read once, at ingest, into numbers with units, years, dates
and ranges, so an answer selects rows and columns instead of re-reading linearised text.

A cell that cannot be typed keeps its text (``kind="text"``); nothing is dropped. The typed rows are stored with
the chunk (metadata ``tables_json``) and read back by ``answering/tables.py``.

>>> c = type_cell("58-70%")
>>> (c.kind, c.value, c.high, c.unit)
('range', 58.0, 70.0, '%')
>>> type_cell("270,000", "Mine production (t REO)").unit
't REO'
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .corpus import table_cells
from .figures import MONTHS as _MONTHS
from .figures import figures
from .markers import MARKER, strip_markers

_EMPTY = {"", "-", "—", "–", "n/a", "na", "n.a.", "none", "..."}
_FOOTNOTE = re.compile(r"(?:\s*(?:[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉ]+|\[[a-z0-9]\]|\([a-z]\)))+$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_MONTH_NAMES = "|".join(list(_MONTHS) + [m[:3] for m in _MONTHS] + ["sept"])
_DATE_FORMS = [
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?"),
    re.compile(rf"(?:(?P<d>\d{{1,2}})\s+)?(?P<mn>{_MONTH_NAMES})\.?\s+(?P<y>(?:19|20)\d{{2}})", re.IGNORECASE),
    re.compile(rf"(?P<mn>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}}),\s+(?P<y>(?:19|20)\d{{2}})", re.IGNORECASE),
]
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RANGE = re.compile(rf"^(?P<pre>[^\d]{{0,4}}?)(?P<a>{_NUM})\s*(?P<ua>%|per\s?cent)?\s*(?:-|–|—|to)\s*"
                    rf"(?P<pre2>[^\d\s]{{0,4}}?)(?P<b>{_NUM})(?P<rest>.*)$", re.IGNORECASE)
_QUALIFIER = re.compile(r"^(?:about|around|approx\.?|approximately|c\.|ca\.|over|under|more than|less than|up to|"
                        r"nearly|almost|[~≈<>≤≥])\s*", re.IGNORECASE)
_HEADER_UNIT = re.compile(r"\(([^()]{1,30})\)\s*$")
_TONNES = re.compile(r"(?:kt|Mt|tonnes?|tons?|\bt)$", re.IGNORECASE)
_UNIT_WORDS = re.compile(r"^[A-Za-z$€£¥/%. ]{0,14}$")


@dataclass(frozen=True)
class Cell:
    """One table cell: its text (markers removed) and what it holds.

    ``kind`` is number, range, year, date, empty or text; ``value`` is the number (a range's low end, a money or
    tonnage scale applied as in ``figures``), ``high`` a range's high end, ``unit`` the cell's or its column's unit,
    ``year`` the year of a year or date cell, ``date`` an ISO date (``YYYY-MM`` or ``YYYY-MM-DD``), ``notes`` any
    footnote marks that followed the value.
    """

    text: str
    kind: str = "text"
    value: float | None = None
    high: float | None = None
    unit: str = ""
    year: int | None = None
    date: str = ""
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()
                if v not in (None, "", ()) or k == "text"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cell:
        return cls(text=str(data.get("text", "")), kind=str(data.get("kind", "text")), value=data.get("value"),
                   high=data.get("high"), unit=str(data.get("unit", "")), year=data.get("year"),
                   date=str(data.get("date", "")), notes=tuple(data.get("notes", ())))


@dataclass
class TypedRow:
    cells: list[Cell]
    keys: list[str] = field(default_factory=list)  # the source keys its markers name
    sentence: int = 0  # index of the row's evidence sentence in its chunk

    def to_dict(self) -> dict[str, Any]:
        return {"cells": [c.to_dict() for c in self.cells], "keys": self.keys, "sentence": self.sentence}


@dataclass
class TypedTable:
    columns: list[str]
    rows: list[TypedRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": [r.to_dict() for r in self.rows]}


def header_unit(header: str) -> str:
    """The unit a column header names in parentheses: "Price (US$/kg)" -> "US$/kg"."""
    m = _HEADER_UNIT.search(header or "")
    return m.group(1).strip() if m else ""


def _footnotes(text: str) -> tuple[str, tuple[str, ...]]:
    m = _FOOTNOTE.search(text)
    if not m or m.start() == 0:
        return text, ()
    marks = tuple(x for x in re.findall(r"[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉ]+|[a-z0-9](?=[\])])", m.group(0)) if x)
    return text[:m.start()].rstrip(), marks


def _date(text: str) -> tuple[str, int] | None:
    for form in _DATE_FORMS:
        m = form.fullmatch(text.strip())
        if not m:
            continue
        year = int(m.group("y"))
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else _MONTHS.get(_month(groups.get("mn") or ""), 0)
        if not 1 <= month <= 12:
            return None
        day = int(groups["d"]) if groups.get("d") else 0
        return (f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")), year
    return None


def _month(name: str) -> str:
    name = name.lower().rstrip(".")
    return next((m for m in _MONTHS if m.startswith(name[:3])), "")


def _unit(rest: str, percent: bool, currency: str | None, header: str, raw: str = "") -> str | None:
    """The unit words after a number, or None when the rest is prose (the cell is then text). Tonnages are in
    tonnes (``figures`` scales kt and Mt)."""
    rest = rest.strip(" .,;")
    if _TONNES.search(raw):
        rest = ("t " + rest).strip()
    if rest and not _UNIT_WORDS.match(rest):
        return None
    if len(rest.split()) > 2:
        return None
    if percent:
        return "%"
    if currency:
        return currency + (rest if rest.startswith("/") else "")
    return rest or header_unit(header)


def type_cell(text: str, header: str = "") -> Cell:
    """Type one cell's text (markers are removed first); ``header`` gives the column's unit when the cell has none."""
    clean = re.sub(r"\s+", " ", strip_markers(text or "")).strip()
    if clean.lower() in _EMPTY:
        return Cell(clean, "empty")
    body, notes = _footnotes(clean)
    if _YEAR.fullmatch(body):
        return Cell(clean, "year", year=int(body), notes=notes)
    date = _date(body)
    if date:
        return Cell(clean, "date", year=date[1], date=date[0], notes=notes)
    core = re.sub(r"((?:US|A|C|HK)?\$|€|£|¥)\s+(?=\d)", r"\1", _QUALIFIER.sub("", body))
    ranged = _RANGE.match(core)
    if ranged and not _YEAR.fullmatch(ranged.group("a")):
        low = figures(f"{ranged.group('pre')}{ranged.group('a')}{ranged.group('rest')}")
        second = f"{ranged.group('pre2') or ranged.group('pre')}{ranged.group('b')}{ranged.group('rest')}"
        high = figures(second)
        if low and high:
            after = second[second.find(high[0].raw) + len(high[0].raw):]
            unit = _unit(after, high[0].percent or bool(ranged.group("ua")), high[0].currency, header,
                         high[0].raw)
            if unit is not None:
                return Cell(clean, "range", value=low[0].value, high=high[0].value, unit=unit, notes=notes)
    found = figures(core)
    if len(found) == 1 and not (_YEAR.fullmatch(found[0].raw) and not found[0].currency and not found[0].percent):
        # (a year with a word, "2018 draft" or "2025 final", names an edition, not an amount)
        f = found[0]
        start = core.find(f.raw)
        before, after = core[:start].strip(), core[start + len(f.raw):]
        if not before:
            unit = _unit(after, f.percent, f.currency, header, f.raw)
            if unit is not None:
                return Cell(clean, "number", value=f.value, unit=unit, notes=notes)
    return Cell(clean, "text")


def type_table(block: str, row_is_kept: Any = None) -> TypedTable | None:
    """A Markdown table block as typed rows (header, separator, then rows); ``row_is_kept(line)`` says whether a row
    becomes an evidence sentence, so ``sentence`` indexes match the chunk's sentences."""
    lines = [ln for ln in block.splitlines() if ln.strip()]
    if len(lines) < 3:
        return None
    columns = [strip_markers(c).strip() for c in table_cells(lines[0])]
    table = TypedTable(columns)
    for line in lines[2:]:
        if row_is_kept is not None and not row_is_kept(line):
            continue
        cells = table_cells(line)
        typed = [type_cell(c, columns[i] if i < len(columns) else "") for i, c in enumerate(cells)]
        table.rows.append(TypedRow(typed, list(dict.fromkeys(MARKER.findall(line)))))
    return table


def dumps(tables: list[tuple[TypedTable, int]]) -> str:
    """Tables with the sentence index of their first row, as the JSON kept in chunk metadata."""
    out = []
    for table, first in tables:
        for i, row in enumerate(table.rows):
            row.sentence = first + i
        out.append(table.to_dict())
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> list[TypedTable]:
    """The stored JSON back as tables; malformed JSON reads as no tables (the Markdown is the fallback)."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return []
    tables = []
    for t in data if isinstance(data, list) else []:
        rows = [TypedRow([Cell.from_dict(c) for c in r.get("cells", [])], list(r.get("keys", [])),
                         int(r.get("sentence", 0))) for r in t.get("rows", [])]
        tables.append(TypedTable([str(c) for c in t.get("columns", [])], rows))
    return tables
