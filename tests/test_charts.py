"""Data as data and charts: table cells typed at ingest, chart selection (line over years, bar over categories, one
unit per axis), the chart store, and the chart routes over a real index with a made-up data note."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from assistant.answering.charts import ChartStore, chart_blocks, render_chart, summary
from assistant.answering.plans import TablePick
from assistant.answering.tables import passage_tables
from assistant.chunking import Chunker
from assistant.datatables import type_cell, type_table
from assistant.types import DocRecord, Hit
from tests.conftest import DATA, FIXTURE_CORPUS


@pytest.mark.parametrize(("text", "header", "kind", "value", "high", "unit"), [
    ("132,000", "Quota (t REO)", "number", 132000.0, None, "t REO"),
    ("58-70%", "", "range", 58.0, 70.0, "%"),
    ("58–70 per cent", "", "range", 58.0, 70.0, "%"),
    ("US$55–60/kg", "", "range", 55.0, 60.0, "USD/kg"),
    ("US$ 60/kg", "", "number", 60.0, None, "USD/kg"),
    ("US$1.2 billion", "", "number", 1.2e9, None, "USD"),
    ("38 kt", "", "number", 38000.0, None, "t"),
    ("~90%", "", "number", 90.0, None, "%"),
    ("45,000*", "Output (t)", "number", 45000.0, None, "t"),
    ("12.5 (e)", "Price (USD/kg)", "number", 12.5, None, "USD/kg"),
    ("98%[^usgs-2024]", "", "number", 98.0, None, "%"),
    ("Both up 20% on 2021", "", "text", None, None, ""),
    ("First batch only", "", "text", None, None, ""),
    ("n/a", "", "empty", None, None, ""),
])
def test_cells_are_typed_with_units_ranges_and_footnote_marks(text: str, header: str, kind: str, value: float | None,
                                                              high: float | None, unit: str) -> None:
    cell = type_cell(text, header)
    assert (cell.kind, cell.value, cell.high, cell.unit) == (kind, value, high, unit)
    assert cell.text  # the text is always kept


def test_years_dates_and_footnotes() -> None:
    assert (type_cell("2024").kind, type_cell("2024").year) == ("year", 2024)
    assert (type_cell("20 August 2024").date, type_cell("20 August 2024").year) == ("2024-08-20", 2024)
    assert type_cell("March 2025").date == "2025-03" and type_cell("2025-03-01").date == "2025-03-01"
    assert type_cell("45,000†").notes == ("†",) and type_cell("12.5 (e)").notes == ("e",)
    assert type_cell("Sept. 3, 2023").date == "2023-09-03"


def test_a_table_keeps_every_cell_and_the_row_sources() -> None:
    table = type_table("| Year | Output (t) | Note | Source |\n|---|---|---|---|\n"
                       "| 2021 | 40 | first year <b>x</b> | [^a] |\n| 2022 | 44 | - | [^a] [^b] |")
    assert table is not None and table.columns == ["Year", "Output (t)", "Note", "Source"]
    assert [c.kind for c in table.rows[0].cells] == ["year", "number", "text", "empty"]
    assert table.rows[0].cells[2].text == "first year <b>x</b>" and table.rows[1].keys == ["a", "b"]


def _note(body: str) -> DocRecord:
    return DocRecord(doc_id="made-up", title="Made-up series", path="made-up.md", text=body, kind="data-note")


SERIES = """## Widget price by year

| Year | Widget price (US$/kg) | Exports (t) | Scope | Source |
|---|---|---|---|---|
| 2019 | 12 | 410 | Full year | [^a] |
| 2020 | 14.5 | 395 | Full year | [^a] |
| 2021 | 19 | 452 | Full year | [^b] |
| 2022 | 27* | 470 | Full year | [^a] |
"""


def _tables(body: str) -> list:
    chunks = Chunker().split(_note(body))
    hits = [Hit(c.chunk_id, c.doc_id, c.text, c.metadata, 1.0) for c in chunks if "tables_json" in c.metadata]
    return [t for h in hits for t in passage_tables(h)]


def test_ingest_stores_typed_rows_aligned_with_the_evidence_sentences() -> None:
    chunks = Chunker().split(_note(SERIES))
    table = [c for c in chunks if "tables_json" in c.metadata][0]
    (t,) = _tables(SERIES)
    assert [r.sentence for r in t.rows] == [0, 1, 2, 3] and all(r.typed for r in t.rows)
    assert "2019" in table.sentences[t.rows[0].sentence] and t.rows[3].value(1) == 27.0 and t.rows[3].unit(1) == "US$/kg"
    assert t.numeric_columns() == [1, 2]  # the Year and Scope columns are not measures


def _pick(table, columns: list[int]) -> TablePick:  # type: ignore[no-untyped-def]
    return TablePick(table, columns, [(r, None) for r in table.rows])


def test_a_series_over_years_is_a_line_and_units_never_share_an_axis() -> None:
    (t,) = _tables(SERIES)
    rows = [{"cells": r.cells, "citations": [1 if i != 2 else 2]} for i, r in enumerate(t.rows)]
    charts = chart_blocks(_pick(t, [0, 1, 2]), rows)
    assert [c["kind"] for c in charts] == ["line", "line"]  # US$/kg and t: two charts, never one line
    price, exports = charts
    assert price["x"] == {"label": "Year", "values": ["2019", "2020", "2021", "2022"]}
    assert price["series"] == [{"name": "Widget price", "unit": "US$/kg", "values": [12.0, 14.5, 19.0, 27.0]}]
    assert exports["series"][0]["unit"] == "t" and price["citations"] == [1, 2]
    assert "2 sources" in price["caption"] and "separate charts" in price["caption"]
    assert price["id"] != exports["id"] and len(price["id"]) == 20
    assert summary(price) == "Line chart. Widget price: 12 US$/kg (2019) to 27 US$/kg (2022)."


def test_a_column_mixing_units_is_left_to_the_table() -> None:
    body = SERIES.replace("| 14.5 |", "| 14.5% |")
    (t,) = _tables(body)
    charts = chart_blocks(_pick(t, [0, 1]), [{"citations": [1]}] * 4)
    assert charts == [] or all(s["name"] != "Widget price" for c in charts for s in c["series"])


def test_categories_make_a_bar_chart_and_ranges_stay_in_the_table() -> None:
    body = ("## Share by stage\n\n| Stage | Share | Year | Source |\n|---|---|---|---|\n| Mining | 58-70% | 2024 | [^a] |\n"
            "| Refining | 91% | 2024 | [^a] |\n| Alloying | 77% | 2024 | [^a] |\n")
    (t,) = _tables(body)
    (chart,) = chart_blocks(_pick(t, [0, 1, 2]), [{"citations": [1]}] * 3)
    assert chart["kind"] == "bar" and chart["x"]["values"] == ["Mining", "Refining", "Alloying"]
    assert chart["series"][0]["values"] == [None, 91.0, 77.0] and "ranges" in chart["caption"]


def test_several_rows_a_year_and_no_label_per_row_make_no_chart() -> None:
    body = SERIES.replace("| 2020 | 14.5 | 395 | Full year |", "| 2019 | 14.5 | 395 | Full year |")
    (t,) = _tables(body)
    assert chart_blocks(_pick(t, [0, 1]), [{"citations": [1]}] * 4) == []
    assert chart_blocks(_pick(t, [0, 3]), [{"citations": [1]}] * 4) == []  # no number column: no chart


def test_the_store_is_bounded_and_draws_png_and_svg_with_hostile_text_as_text() -> None:
    (t,) = _tables(SERIES.replace("Widget price", "Widget $price$ <script>x</script>"))
    charts = chart_blocks(_pick(t, [0, 1]), [{"citations": [1]}] * 4)
    store = ChartStore(capacity=2, images=1)
    store.keep(charts)
    png = store.image(charts[0]["id"], "png")
    svg = store.image(charts[0]["id"], "svg")
    assert png is not None and png.startswith(b"\x89PNG") and svg is not None and b"<svg" in svg
    assert b"<script>" not in svg  # drawn as glyphs, escaped in the SVG
    assert store.image("0" * 20, "png") is None
    store.keep([{"type": "chart", "id": f"{i:020x}"} for i in range(3)])
    assert store.get(charts[0]["id"]) is None  # the least recently used went
    with pytest.raises(ValueError, match="png or svg"):
        render_chart(charts[0], "gif")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    from assistant.api import create_app
    from assistant.assistant import build_assistant
    from assistant.settings import Settings

    root = tmp_path_factory.mktemp("charts")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    shutil.copy(DATA / "charts" / "quibbium-prices.md", corpus)
    assistant = build_assistant(Settings(corpus_dir=corpus, index_dir=root / "index", api_keys=["k"]), embedder=embedder)
    assistant.ingest(progress=False)
    with TestClient(create_app(assistant.settings, assistant, with_ui=False)) as c:
        yield c


def test_a_trend_answer_has_a_table_and_a_chart_served_as_png_and_svg(client: TestClient) -> None:
    body = client.post("/api/ask", json={"question": "How has the quibbium price changed since 2019?"},
                       headers={"Authorization": "Bearer k"}).json()
    kinds = [b["type"] for b in body["blocks"]]
    assert body["answer_type"] == "trend" and "table" in kinds and "chart" in kinds, body["blocks"]
    chart = next(b for b in body["blocks"] if b["type"] == "chart")
    assert chart["kind"] == "line" and chart["x"]["values"][0] == "2019" and chart["citations"]
    png = client.get(f"/api/chart/{chart['id']}.png")  # no key: the chat page shows it as an <img>
    assert png.status_code == 200 and png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
    svg = client.get(f"/api/chart/{chart['id']}.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("path", ["/api/chart/0123456789abcdef0123.png", "/api/chart/nothing.gif",
                                  "/api/chart/.png"])
def test_an_unknown_chart_is_404_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and "error" in response.json()


def test_the_widget_script_and_no_embed_redirect_without_the_ui(client: TestClient) -> None:
    # /embed -> /embed/ exists only with the chat mounted (tests/test_browser.py); an API-only app must not loop
    assert client.get("/embed").status_code == 404
    script = client.get("/widget.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert len(script.content) < 15_000 and "__FRAME_ANCESTORS__" not in script.text
    assert "[\"'self'\"]" in script.text  # the default ASSISTANT_FRAME_ANCESTORS

