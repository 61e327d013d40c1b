"""The Markdown tables of retrieved passages as data: columns, typed rows, and which evidence sentence is which row.

The chunker turns each table row into one evidence sentence (so rows can be retrieved and quoted); an answer that
shows a series needs the rows back as cells. They are read from the passage's own Markdown, never from the
linearised sentence, and carry the typed cells the chunker stored at ingest (``tables_json``: numbers with units,
years, dates, ranges) when the index has them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from ..chunking import _blocks, prose_sentences
from ..corpus import table_cells
from ..datatables import Cell
from ..datatables import loads as load_tables
from ..figures import YEAR, figures
from ..markers import strip_markers
from ..types import Hit

_YEAR_COL = re.compile(r"\b(year|date|as of|period)\b", re.IGNORECASE)
_SKIP_COL = re.compile(r"\b(source|sources|note|notes|comment|comments|status)\b", re.IGNORECASE)


@dataclass
class Row:
    cells: list[str]
    sentence: int  # index of the row's evidence sentence in its passage
    typed: list[Cell] | None = None  # the cells as typed at ingest, when the index has them

    def cell(self, column: int) -> Cell | None:
        return self.typed[column] if self.typed is not None and 0 <= column < len(self.typed) else None

    def year(self, column: int) -> int | None:
        if column < 0 or column >= len(self.cells):
            return None
        typed = self.cell(column)
        if typed is not None and typed.year is not None:
            return typed.year
        found = YEAR.findall(self.cells[column])
        return int(found[-1]) if found else None

    def value(self, column: int) -> float | None:
        """The cell's number: typed at ingest when stored (a year, a date or a text cell is not one), else read from
        its text."""
        typed = self.cell(column)
        if typed is not None:
            return typed.value if typed.kind in ("number", "range") else None
        if not 0 <= column < len(self.cells):
            return None
        found = figures(self.cells[column])
        if not found or YEAR.fullmatch(found[0].raw.strip()):  # "2018 draft" names a year, not an amount
            return None
        return found[0].value

    def unit(self, column: int) -> str:
        typed = self.cell(column)
        return typed.unit if typed is not None else ""


@dataclass
class Table:
    hit: Hit
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def year_column(self) -> int:
        for i, name in enumerate(self.columns):
            if _YEAR_COL.search(name):
                return i
        return -1

    def __hash__(self) -> int:
        return id(self)

    def told_years(self, row: Row) -> set[int]:
        """The years a row's own cells tell of ("joined in June 2031"), not its Year column's (often the year its
        source spoke) nor its source's or notes'."""
        return {int(y) for i, (name, cell) in enumerate(zip(self.columns, row.cells, strict=False))
                if i != self.year_column and not _SKIP_COL.search(name) for y in YEAR.findall(cell)}

    def numeric_columns(self) -> list[int]:
        """Columns holding a number in most rows (the Year column and source columns excluded)."""
        out = []
        for i, name in enumerate(self.columns):
            if i == self.year_column or _SKIP_COL.search(name):
                continue
            values = [r.value(i) for r in self.rows]
            if values and sum(v is not None for v in values) >= max(1, len(values) * 0.6):
                out.append(i)
        return out

    def display_columns(self, rows: list[Row]) -> list[int]:
        """Columns worth showing for some rows: not the source (each row carries its citation), not a repeated
        header, not empty in all of them."""
        seen: set[str] = set()
        out = []
        for i, name in enumerate(self.columns):
            if _SKIP_COL.search(name) and "status" not in name.lower() or name.lower() in seen:
                continue
            seen.add(name.lower())
            if any(i < len(r.cells) and r.cells[i] not in ("", "-", "—") for r in rows):
                out.append(i)
        return out

    def label_columns(self) -> list[int]:
        """Columns that name what a row is about (a country, a scope): not the year, a number or a source, and,
        where the cells were typed at ingest, not a second date column nor commentary holding figures ("Both up
        20%")."""
        numeric = self.numeric_columns()
        first = next((i for i in range(len(self.columns)) if i != self.year_column), -1)
        return [i for i, name in enumerate(self.columns)
                if i != self.year_column and not _SKIP_COL.search(name) and i not in numeric
                and self._labels(i, first=i == first)]

    def row_name(self, row: Row) -> str:
        """A row's first label cell: the thing it is about ("Freedonia" in a table of agreements by partner)."""
        labels = self.label_columns()
        return row.cells[labels[0]] if labels and labels[0] < len(row.cells) else ""

    def labels(self, row: Row) -> str:
        """A row's label cells, joined: what the row is about ("Freedonia", "World total")."""
        return " ".join(row.cells[i] for i in self.label_columns() if i < len(row.cells))

    def _labels(self, column: int, *, first: bool = False) -> bool:
        """Mostly text without figures; in the first column (the row's name: "Licences 100% reliant"), any text but
        a year's ("2018 draft" names a period, not a thing)."""
        typed = [r.cell(column) for r in self.rows]
        cells = [c for c in typed if c is not None and c.kind != "empty"]
        if not cells:
            return True  # not typed (an older index): as before
        figure = r"\b(?:19|20)\d{2}\b" if first else r"\d"
        plain = [c for c in cells if c.kind == "text" and not re.search(figure, c.text)]
        return len(plain) >= len(cells) * 0.5


def passage_tables(hit: Hit) -> list[Table]:
    """The tables of a passage, each row linked to its evidence sentence (the chunker's order: blocks in turn)."""
    tables: list[Table] = []
    index = 0
    for kind, block in _blocks(strip_markers(hit.text)):
        if kind != "table":
            index += len(prose_sentences(block))
            continue
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if len(lines) < 3:
            continue
        table = Table(hit, table_cells(lines[0]))
        for line in lines[2:]:
            cells = table_cells(line)
            if not any(c and c not in ("-", "—") for c in cells):
                continue
            table.rows.append(Row(cells, index))
            index += 1
        tables.append(table)
    _attach_types(hit, tables)
    return tables


def _attach_types(hit: Hit, tables: list[Table]) -> None:
    """Give each row its typed cells from the chunk's ``tables_json``, matched by sentence index and cell count."""
    stored = hit.metadata.get("tables_json")
    if not stored:
        return
    typed = {r.sentence: r.cells for t in load_tables(str(stored)) for r in t.rows}
    for table in tables:
        for row in table.rows:
            cells = typed.get(row.sentence)
            if cells is not None and len(cells) == len(row.cells):
                row.typed = cells


def row_sentences(hit: Hit) -> dict[int, tuple[Table, Row]]:
    """Sentence index -> (table, row) for the table rows of a passage.

    Parsed once per passage and reused: a passage's id is a hash of its content, and its tables read only the
    passage's text, ids and typed cells, never its score. The dict and its tables are shared: callers only read them.
    """
    key = (hit.chunk_id, hit.text, str(hit.metadata.get("tables_json") or ""))
    rows = _ROWS.get(key)
    if rows is None:
        rows = {row.sentence: (table, row) for table in passage_tables(hit) for row in table.rows}
        with _ROWS_LOCK:
            if len(_ROWS) >= _ROWS_MAX:
                _ROWS.pop(next(iter(_ROWS)))
            _ROWS[key] = rows
    return rows


_ROWS: dict[tuple[str, str, str], dict[int, tuple[Table, Row]]] = {}
_ROWS_MAX = 4096
_ROWS_LOCK = threading.Lock()
