"""A table block -> a chart block, when its rows hold a numeric series over years (line) or a few categories (bar).

The block is data (``{"type": "chart", "id", "kind", "title", "x": {"label", "values"}, "series": [{"name",
"unit", "values"}], "citations", "caption"}``); the picture is drawn on request by ``render_chart`` (matplotlib, Agg)
from a bounded ``ChartStore`` keyed by the block's id, so a page or a slide takes a PNG or an SVG without JavaScript.

Figures in different units never share an axis: each unit gets its own chart (at most ``MAX_CHARTS``), and a
column whose own cells mix units is left to the table. Rows from several sources or of several scopes are charted
with a caption that says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from typing import Any, Literal

from ..datatables import header_unit
from .tables import Row, Table

MAX_CHARTS = 2
MAX_BARS = 12
MIN_POINTS = 2
Format = Literal["png", "svg"]


def _unit_of(table: Table, rows: list[Row], column: int) -> str | None:
    """The one unit of a column's numbers (from the typed cells, else the header); None when the cells mix units."""
    units = {r.unit(column) for r in rows if r.value(column) is not None and r.cell(column) is not None}
    if len(units) > 1:
        return None
    return units.pop() if units else header_unit(table.columns[column])


def _name(header: str) -> str:
    """A column header without its "(unit)"."""
    unit = header_unit(header)
    return header.replace(f"({unit})", "").strip() if unit else header.strip()


def chart_blocks(pick: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chart blocks for a rendered table block (``pick`` is the plan's ``TablePick``, ``rows`` the block's rows with
    their citation numbers); none when the rows are not a series worth drawing."""
    table: Table = pick.table
    picked: list[Row] = [row for row, _ in pick.rows]
    if len(picked) < MIN_POINTS:
        return []
    numeric = set(table.numeric_columns())
    measures = [c for c in pick.columns if c in numeric]
    if not measures:
        return []
    year_col = table.year_column
    kind: Literal["line", "bar"]
    years = [r.year(year_col) for r in picked] if year_col in pick.columns else []
    labels = [c for c in pick.columns if c not in numeric and c != year_col]
    names = [r.cells[labels[0]] if labels[0] < len(r.cells) else "" for r in picked] if labels else []
    if years and None not in years and len(set(years)) == len(years):
        kind, x_label, x_values = "line", table.columns[year_col], [str(y) for y in years]
    elif names and len(set(names)) == len(names) <= MAX_BARS:
        kind, x_label, x_values = "bar", table.columns[labels[0]], names
    else:
        return []  # several rows a year and no one label per row: a line would join unlike rows

    notes: list[str] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for column in measures:
        unit = _unit_of(table, picked, column)
        if unit is None:
            notes.append(f"{_name(table.columns[column])} mixes units and is shown in the table only.")
            continue
        values = []
        for r in picked:
            cell = r.cell(column)
            values.append(None if cell is not None and cell.kind == "range" else r.value(column))
        if sum(v is not None for v in values) < MIN_POINTS:
            continue
        if any(r.cell(column) is not None and r.cell(column).kind == "range" for r in picked):  # type: ignore[union-attr]
            notes.append(f"{_name(table.columns[column])}: ranges are shown in the table only.")
        groups.setdefault(unit, []).append({"name": _name(table.columns[column]), "unit": unit, "values": values})
    if not groups:
        return []
    citations = list(dict.fromkeys(n for row in rows for n in row.get("citations", [])))
    if len(citations) > 1:
        notes.append(f"Figures come from {len(citations)} sources, which may count differently; each row's source is "
                     "in the table.")
    for column in table.label_columns():
        if column in pick.columns and column != year_col and kind == "line":
            scopes = list(dict.fromkeys(r.cells[column] for r in picked if column < len(r.cells)))
            if len(scopes) > 1:
                notes.append(f"Rows differ in {table.columns[column].lower()}: {'; '.join(scopes[:4])}.")
    if len(groups) > 1:
        notes.append("Figures in different units are drawn as separate charts.")
    out = []
    for series in list(groups.values())[:MAX_CHARTS]:
        title = " and ".join(s["name"] for s in series) + (f" by {x_label.lower()}" if kind == "line" else "")
        spec: dict[str, Any] = {"type": "chart", "kind": kind, "title": title,
                                "x": {"label": x_label, "values": x_values}, "series": series,
                                "citations": citations, "caption": " ".join(dict.fromkeys(notes))}
        spec["id"] = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:20]
        out.append(spec)
    return out


def summary(spec: dict[str, Any]) -> str:
    """A one-line text alternative: what is drawn, from where to where."""
    xs = spec["x"]["values"]
    parts = []
    for s in spec["series"]:
        points = [(x, v) for x, v in zip(xs, s["values"], strict=False) if v is not None]
        if points:
            unit = f" {s['unit']}" if s["unit"] and s["unit"] != "%" else s["unit"]
            parts.append(f"{s['name']}: {_fmt(points[0][1])}{unit} ({points[0][0]}) to {_fmt(points[-1][1])}{unit} "
                         f"({points[-1][0]})" if spec["kind"] == "line" else
                         f"{s['name']}: " + ", ".join(f"{x} {_fmt(v)}{unit}" for x, v in points))
    kind = "Line chart" if spec["kind"] == "line" else "Bar chart"
    return f"{kind}. " + "; ".join(parts) + "."


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


class ChartStore:
    """The chart blocks of recent answers by id, and their drawn images; both bounded (least recently used go).

    >>> store = ChartStore(capacity=1)
    >>> store.keep([{"type": "chart", "id": "a"}, {"type": "chart", "id": "b"}])
    >>> store.get("a") is None, store.get("b")["id"]
    (True, 'b')
    """

    def __init__(self, capacity: int = 512, images: int = 64) -> None:
        if capacity < 1 or images < 1:
            raise ValueError(f"a chart store keeps at least one chart and image (got {capacity}, {images})")
        self.capacity = capacity
        self.images = images
        self._specs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._drawn: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, blocks: list[dict[str, Any]]) -> None:
        with self._lock:
            for block in blocks:
                if block.get("type") == "chart" and block.get("id"):
                    self._specs[str(block["id"])] = block
                    self._specs.move_to_end(str(block["id"]))
            while len(self._specs) > self.capacity:
                self._specs.popitem(last=False)

    def get(self, chart_id: str) -> dict[str, Any] | None:
        with self._lock:
            spec = self._specs.get(chart_id)
            if spec is not None:
                self._specs.move_to_end(chart_id)
            return spec

    def image(self, chart_id: str, fmt: Format) -> bytes | None:
        """The drawn chart (cached), or None for an unknown id."""
        key = (chart_id, fmt)
        with self._lock:
            if key in self._drawn:
                self._drawn.move_to_end(key)
                return self._drawn[key]
        spec = self.get(chart_id)
        if spec is None:
            return None
        data = render_chart(spec, fmt)
        with self._lock:
            self._drawn[key] = data
            while len(self._drawn) > self.images:
                self._drawn.popitem(last=False)
        return data


def _plain(text: Any) -> str:
    """Text for matplotlib as text: "$" would start mathtext."""
    return str(text).replace("$", r"\$")


_DRAW = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe


def render_chart(spec: dict[str, Any], fmt: Format = "png") -> bytes:
    """Draw a chart block as PNG or SVG: axis labels with units, the title, values on the points or bars."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format {fmt!r} is not png or svg")
    xs = [_plain(x) for x in spec["x"]["values"]]
    series = spec["series"]
    colours = ["#1d4ed8", "#b45309", "#047857", "#7c3aed"]
    with _DRAW:
        fig = Figure(figsize=(7.2, 3.6), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        raw = [str(x) for x in spec["x"]["values"]]
        # years sit at their distance on a line (2019, 2021, 2022 are not evenly spaced); categories evenly
        positions = ([int(x) for x in raw] if spec["kind"] == "line" and all(x.isdigit() for x in raw)
                     else list(range(len(xs))))
        width = 0.8 / max(1, len(series))
        for i, s in enumerate(series):
            ys = [float("nan") if v is None else float(v) for v in s["values"]]
            colour = colours[i % len(colours)]
            if spec["kind"] == "line":
                ax.plot(positions, ys, marker="o", color=colour, label=_plain(s["name"]), linewidth=2)
            else:
                offset = (i - (len(series) - 1) / 2) * width
                ax.bar([p + offset for p in positions], ys, width=width, color=colour, label=_plain(s["name"]))
            if len(series) == 1:
                for p, y in zip(positions, ys, strict=False):
                    if y == y:  # not NaN
                        ax.annotate(_fmt(y), (p, y), textcoords="offset points", xytext=(0, 5), ha="center",
                                    fontsize=8, color="#374151")
        ax.set_xticks(positions, xs, rotation=0 if max((len(x) for x in xs), default=0) <= 10 else 25,
                      ha="center" if max((len(x) for x in xs), default=0) <= 10 else "right", fontsize=8)
        ax.set_xlabel(_plain(spec["x"]["label"]))
        units = {s["unit"] for s in series}
        ax.set_ylabel(_plain(units.pop()) if len(units) == 1 and series[0]["unit"] else "value")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 else f"{v:g}"))
        ax.set_title(_plain(spec["title"]), fontsize=10, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e5e7eb")
        ax.margins(y=0.15)
        if spec["kind"] == "bar" or all(v is None or v >= 0 for s in series for v in s["values"]):
            ax.set_ylim(bottom=0)
        if len(series) > 1:
            ax.legend(fontsize=8, frameon=False)
        out = io.BytesIO()
        fig.savefig(out, format=fmt, metadata={"Software": None} if fmt == "png" else {"Date": None})
    return out.getvalue()
