"""Loading each supported file format, refusing unreadable files with a message naming the path, and chunking."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.chunking import Chunker, table_sentences
from assistant.errors import CorpusError
from assistant.loaders import derived_id, discover, load_file
from assistant.types import DocRecord

NOTE = """\
---
id: gallium-germanium-export-licensing
title: "China's August 2023 export licensing for gallium and germanium"
kind: policy-note
summary: "China's commerce ministry put gallium and germanium under export licensing from 1 August 2023."
key_points:
  - "China's Ministry of Commerce announced on 3 July 2023 that gallium and germanium would need export licences.[^hk-2023]"
  - "China's export licensing of gallium and germanium items took effect on 1 August 2023.[^hk-2023]"
  - "Holland & Knight analysed China's gallium and germanium export licensing on 5 July 2023.[^hk-2023]"
sources:
  - key: hk-2023
    publisher: Holland & Knight
    title: "China Restricts Exports of Gallium and Germanium"
    url: https://www.hklaw.com/en/insights/publications/2023/07/china-restricts-exports-of-gallium-and-germanium
    date: 2023-07-05
    authority: analysis
published: 2023-07-05
as_of: 2025-11-30
reviewed: 2026-11-30
minerals: [gallium, germanium]
countries: [China, United States]
topics: [export-controls, semiconductors]
---

## China's July 2023 announcement

China's Ministry of Commerce announced on 3 July 2023 that gallium and germanium items would need export licences from 1 August 2023.[^hk-2023]
"""

HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Gallium export controls explained | Minerals Monitor</title>
  <script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
  <style>body { font-family: sans-serif; }</style>
</head>
<body>
  <header>
    <div class="logo"><a href="/">Minerals Monitor</a></div>
    <nav>
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/news">Latest news</a></li>
        <li><a href="/markets">Markets</a></li>
        <li><a href="/subscribe">Subscribe to our newsletter</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Gallium export controls explained</h1>
      <p class="byline">By Jane Analyst, 3 July 2024</p>
      <p>China's commerce ministry placed gallium and germanium under export licensing on 1 August 2023, requiring
         exporters to apply for a licence for each shipment and to name the end user.</p>
      <p>According to the USGS Mineral Commodity Summaries 2024, China produced about 98 per cent of the world's
         primary low-purity gallium in 2023.</p>
      <h2>Why gallium matters for chips</h2>
      <p>Gallium nitride and gallium arsenide are compound semiconductors used in radar, 5G base stations and fast
         chargers, so supply shocks reach defence and telecoms makers.</p>
    </article>
  </main>
  <aside>
    <h3>Most read</h3>
    <ul>
      <li><a href="/a">Lithium prices slump again</a></li>
      <li><a href="/b">Copper outlook for the quarter</a></li>
    </ul>
  </aside>
  <footer>
    <p>Copyright 2024 Minerals Monitor Ltd. All rights reserved.</p>
    <p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a> | <a href="/contact">Contact us</a></p>
  </footer>
</body>
</html>
"""

PDF_PAGES = [
    [
        "Gallium supply in 2024",
        "According to the USGS, China refined about 98 per cent of the world's primary gallium in 2024.",
        "China's commerce ministry placed gallium under export licensing on 1 August 2023.",
        "Gallium is used in compound semiconductors such as gallium nitride power chips.",
    ],
    [
        "Germanium outlook",
        "Germanium prices in Rotterdam rose sharply after China's export licensing began in August 2023.",
        "According to the USGS, China produced about 60 per cent of refined germanium in 2023.",
        "Germanium is used in fibre optics, infrared optics and satellite solar cells.",
    ],
]


def make_pdf(path: Path, pages: list[list[str]] = PDF_PAGES, title: str | None = "Gallium and germanium report") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    return path


# --------------------------------------------------------------------------------------------------------------------
# Formats


def test_markdown_with_front_matter_uses_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "gallium-germanium-export-licensing.md"
    path.write_text(NOTE, encoding="utf-8")
    record = load_file(path)
    assert record.doc_id == "gallium-germanium-export-licensing"
    assert record.title == "China's August 2023 export licensing for gallium and germanium"
    assert record.kind == "policy-note"
    assert record.authority == "analysis"
    assert record.summary.startswith("China's commerce ministry put gallium")
    assert record.published == "2023-07-05"
    assert record.as_of == "2025-11-30"
    assert record.minerals == ["gallium", "germanium"]
    assert record.countries == ["China", "United States"]
    assert record.topics == ["export-controls", "semiconductors"]
    assert len(record.sources) == 1
    assert record.sources[0].publisher == "Holland & Knight"
    assert record.sources[0].date == "2023-07-05"
    assert (record.sources[0].key, record.sources[0].authority) == ("hk-2023", "analysis")
    assert record.reviewed == "2026-11-30"
    assert len(record.key_points) == 3
    assert record.path == str(path)
    assert "---" not in record.text and "kind:" not in record.text
    assert record.text.lstrip().startswith("## China's July 2023 announcement")


def test_markdown_with_broken_front_matter_raises_naming_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\nid: broken\ntitle: China: gallium\n---\n\nSome text here.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(str(path))):
        load_file(path)


def test_markdown_without_front_matter_takes_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "gallium_notes.md"
    path.write_text("Some preamble without a heading.\n\n# Gallium primer\n\n## Uses\n\nGallium is used in chips.\n"
                    "\n# A later heading\n", encoding="utf-8")
    record = load_file(path)
    assert record.title == "Gallium primer"
    assert record.kind == "document"
    assert record.doc_id == derived_id(path)
    assert re.fullmatch(r"gallium-notes-[0-9a-f]{6}", record.doc_id)
    assert record.text == path.read_text(encoding="utf-8")
    assert record.minerals == []
    # its one source is the document itself, which every sentence cites
    assert [(s.key, s.publisher, s.url) for s in record.sources] == [("doc", "Gallium primer", "gallium_notes.md")]


def test_derived_ids_differ_for_same_name_in_different_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "notes.md", tmp_path / "b" / "notes.md"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text("Gallium is used in chips.\n", encoding="utf-8")
    assert load_file(a).doc_id != load_file(b).doc_id
    assert load_file(a).doc_id == load_file(a).doc_id


def test_plain_text_takes_title_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "gallium_supply-notes.txt"
    path.write_text("China refined about 98 per cent of the world's primary gallium in 2023.\n"
                    "Exporters need a licence for each shipment.\n", encoding="utf-8")
    record = load_file(path)
    assert record.title == "Gallium supply notes"
    assert record.doc_id.startswith("gallium-supply-notes-")
    assert record.kind == "document"
    assert "98 per cent" in record.text


def test_html_main_text_is_extracted_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "gallium-article.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    record = load_file(path)
    text = record.text
    assert "placed gallium and germanium under export licensing on 1 August 2023" in text
    assert "98 per cent of the world's" in text
    assert "Gallium nitride and gallium arsenide are compound semiconductors" in text
    assert "Why gallium matters for chips" in text
    for boilerplate in ("Subscribe to our newsletter", "Cookie settings", "All rights reserved", "Latest news",
                        "Lithium prices slump", "dataLayer", "font-family"):
        assert boilerplate not in text, boilerplate
    assert "Gallium export controls explained" in record.title
    assert record.doc_id.startswith("gallium-article-")


def test_html_sections_become_chunks(tmp_path: Path) -> None:
    path = tmp_path / "gallium-article.htm"
    path.write_text(HTML_PAGE, encoding="utf-8")
    chunks = Chunker(size=1200).split(load_file(path))
    headings = [c.heading for c in chunks]
    assert "Why gallium matters for chips" in headings
    chips = chunks[headings.index("Why gallium matters for chips")]
    assert "compound semiconductors" in chips.text
    assert "98 per cent" not in chips.text


def test_pdf_text_and_page_offsets(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "gallium-report.pdf")
    record = load_file(path)
    assert record.title == "Gallium and germanium report"
    assert [number for _, number in record.pages] == [1, 2]
    page2_at = record.pages[1][0]
    assert record.text.find("Germanium outlook") == page2_at
    assert "98 per cent" in record.text[:page2_at]
    assert "60 per cent of refined germanium" in record.text[page2_at:]


def test_pdf_without_title_metadata_is_loaded(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "germanium_brief.pdf", title=None)
    record = load_file(path)
    assert "Germanium prices in Rotterdam" in record.text
    assert record.title  # some title is always set


def test_pdf_page_numbers_are_kept_in_chunk_metadata(tmp_path: Path) -> None:
    record = load_file(make_pdf(tmp_path / "gallium-report.pdf"))
    chunks = Chunker(size=300).split(record)
    assert len(chunks) >= 2
    pages = {c.metadata["page"] for c in chunks}
    assert {1, 2} <= pages
    by_text = {c.text: c.metadata["page"] for c in chunks}

    def page_of(phrase: str) -> int:
        return next(p for t, p in by_text.items() if phrase in t)

    assert page_of("98 per cent of the world's primary gallium") == 1
    assert page_of("60 per cent of refined germanium") == 2


def test_pdf_every_chunk_knows_its_page(tmp_path: Path) -> None:
    record = load_file(make_pdf(tmp_path / "gallium-report.pdf"))
    chunks = Chunker(size=200).split(record)
    assert [c.metadata["page"] for c in chunks if c.metadata["page"] not in (1, 2)] == []


def test_non_pdf_chunks_have_no_page(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("China refined about 98 per cent of the world's primary gallium in 2023.\n", encoding="utf-8")
    chunks = Chunker().split(load_file(path))
    assert [c.metadata["page"] for c in chunks] == [-1]


# --------------------------------------------------------------------------------------------------------------------
# Files that cannot be read: each raises CorpusError naming the path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    return path


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def _binary_markdown(tmp_path: Path) -> Path:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    return path


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "notes-latin1.txt"
    path.write_bytes("Les terres rares: la Chine a raffiné 90 % en 2023 — selon l'AIE.\n".encode("cp1252"))
    return path


def _latin1_markdown(tmp_path: Path) -> Path:
    path = tmp_path / "note-latin1.md"
    path.write_bytes(NOTE.replace("Holland & Knight", "Holland & Knight — Washington").encode("cp1252"))
    return path


def _unsupported(tmp_path: Path) -> Path:
    path = tmp_path / "figures.docx"
    path.write_bytes(b"PK\x03\x04 not really a docx")
    return path


def _fake_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "broken.pdf"
    path.write_text("This is not a PDF at all, just text with a .pdf name.\n", encoding="utf-8")
    return path


def _whitespace_only(tmp_path: Path) -> Path:
    path = tmp_path / "blank.txt"
    path.write_text("   \n\n\t\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(_empty, "is empty", id="empty"),
        pytest.param(_binary, "looks binary", id="binary"),
        pytest.param(_binary_markdown, "looks binary", id="binary-markdown"),
        pytest.param(_latin1, "is not UTF-8 text", id="non-utf8-text"),
        pytest.param(_latin1_markdown, "is not UTF-8 text", id="non-utf8-markdown"),
        pytest.param(_unsupported, "unsupported file type '.docx'", id="unsupported-extension"),
        pytest.param(_fake_pdf, "is not a readable PDF", id="not-a-pdf"),
        pytest.param(_whitespace_only, "holds no text", id="whitespace-only"),
    ],
)
def test_unreadable_file_raises_corpus_error_naming_path(tmp_path: Path, make, reason: str) -> None:
    path = make(tmp_path)
    with pytest.raises(CorpusError) as info:
        load_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert reason in message


def test_discover_finds_supported_files_and_skips_readmes_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "policy").mkdir()
    (tmp_path / ".cache").mkdir()
    wanted = [tmp_path / "policy" / "a.md", tmp_path / "b.txt", tmp_path / "c.html"]
    for p in wanted:
        p.write_text("Gallium text.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Readme\n", encoding="utf-8")
    (tmp_path / ".cache" / "hidden.md").write_text("hidden\n", encoding="utf-8")
    found = discover([tmp_path])
    assert found == sorted(wanted)


def test_discover_missing_path_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    with pytest.raises(CorpusError, match=re.escape(str(missing))):
        discover([missing])


# --------------------------------------------------------------------------------------------------------------------
# Chunker

SECTIONED = """\
# Gallium and germanium

## China's licensing rule

China's Ministry of Commerce announced on 3 July 2023 that gallium and germanium would need export licences from 1 August 2023.

## Uses in chips

Gallium nitride and gallium arsenide are used in radar, 5G base stations and fast chargers according to the USGS.

### Germanium uses

Germanium is used in fibre optics, infrared optics and satellite solar cells according to the USGS.
"""


def _doc(text: str, doc_id: str = "gallium-doc", title: str = "Gallium and germanium") -> DocRecord:
    return DocRecord(doc_id=doc_id, title=title, path=f"{doc_id}.md", text=text, kind="policy-note",
                     minerals=["gallium"], topics=["export-controls"])


def test_headings_split_sections() -> None:
    chunks = Chunker(size=1200).split(_doc(SECTIONED))
    assert [c.heading for c in chunks] == ["China's licensing rule", "Uses in chips", "Uses in chips > Germanium uses"]
    assert "3 July 2023" in chunks[0].text and "radar" not in chunks[0].text
    assert "radar" in chunks[1].text and "fibre optics" not in chunks[1].text
    assert "fibre optics" in chunks[2].text
    assert [c.position for c in chunks] == [0, 1, 2]
    assert [c.metadata["position"] for c in chunks] == [0, 1, 2]
    assert all(c.metadata["heading"] == c.heading for c in chunks)
    assert all(c.metadata["m_gallium"] is True and c.metadata["t_export-controls"] is True for c in chunks)
    assert chunks[0].sentences == [
        ("China's Ministry of Commerce announced on 3 July 2023 that gallium and germanium would need export "
         "licences from 1 August 2023.")
    ]


def test_top_heading_kept_when_it_is_not_the_title() -> None:
    chunks = Chunker(size=1200).split(_doc(SECTIONED, title="Something else"))
    assert chunks[0].heading == "Gallium and germanium > China's licensing rule"


HEADER = "| Mineral | China's share (%) | Source | Year |"
SEPARATOR = "|---|---|---|---|"
ROWS = [f"| Mineral number {i} | {50 + i} | USGS Mineral Commodity Summaries 2024 | {2000 + i} |" for i in range(40)]
TABLE_DOC = "\n".join(["## China's share by mineral", "", "China's share of refining by mineral, according to the USGS.",
                       "", HEADER, SEPARATOR, *ROWS, "", "## Outlook", "",
                       "Demand for gallium will grow through 2030 according to the IEA outlook."]) + "\n"


def test_long_table_split_keeps_header_in_every_piece() -> None:
    size = 400
    chunks = [c for c in Chunker(size=size).split(_doc(TABLE_DOC)) if "| Mineral number" in c.text]
    assert len(chunks) >= 4
    seen_rows: list[str] = []
    for chunk in chunks:
        table_lines = [ln for ln in chunk.text.splitlines() if ln.startswith("|")]
        assert table_lines[0] == HEADER
        assert table_lines[1] == SEPARATOR
        assert HEADER not in table_lines[2:]
        seen_rows += table_lines[2:]
        assert len(chunk.text) <= size
        assert chunk.heading == "China's share by mineral"
    assert seen_rows == ROWS  # every row once, in order


def test_table_rows_become_sentences_with_column_names() -> None:
    chunks = Chunker(size=400).split(_doc(TABLE_DOC))
    sentences = [s for c in chunks for s in c.sentences]
    for i in (0, 17, 39):
        expected = (f"China's share by mineral: Mineral: Mineral number {i}; China's share (%): {50 + i}; "
                    f"Source: USGS Mineral Commodity Summaries 2024; Year: {2000 + i}.")
        assert sentences.count(expected) == 1, expected
    assert "China's share of refining by mineral, according to the USGS." in sentences
    for chunk in chunks:
        assert chunk.metadata["n_sentences"] == len(chunk.sentences)


def test_table_sentences_skip_empty_cells_and_need_rows() -> None:
    table = f"{HEADER}\n{SEPARATOR}\n| Gallium | 98 | USGS | 2023 |\n| Germanium | - | IEA |  |"
    assert table_sentences(table, "China share") == [
        "China share: Mineral: Gallium; China's share (%): 98; Source: USGS; Year: 2023.",
        "China share: Mineral: Germanium; Source: IEA.",
    ]
    assert table_sentences(table, "")[0] == "Mineral: Gallium; China's share (%): 98; Source: USGS; Year: 2023."
    assert table_sentences(f"{HEADER}\n{SEPARATOR}", "x") == []


def _ids(text: str, size: int = 300) -> list[str]:
    return [c.chunk_id for c in Chunker(size=size).split(_doc(text))]


def test_chunk_ids_stable_within_a_run() -> None:
    first, second = _ids(TABLE_DOC), _ids(TABLE_DOC)
    assert first == second
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in first)


def test_chunk_ids_stable_across_processes() -> None:
    script = (
        "import json, sys\n"
        "from assistant.chunking import Chunker\n"
        "from assistant.types import DocRecord\n"
        "d = DocRecord(doc_id='gallium-doc', title='Gallium and germanium', path='gallium-doc.md', text=sys.stdin.read(),"
        " kind='policy-note', minerals=['gallium'], topics=['export-controls'])\n"
        "print(json.dumps([c.chunk_id for c in Chunker(size=300).split(d)]))\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", HF_HUB_OFFLINE="1")
    out = subprocess.run([sys.executable, "-c", script], input=TABLE_DOC, capture_output=True, text=True, env=env,
                         check=True, timeout=120)
    assert json.loads(out.stdout) == _ids(TABLE_DOC)


def test_chunk_id_changes_with_text_and_only_for_changed_section() -> None:
    before = Chunker(size=1200).split(_doc(SECTIONED))
    after = Chunker(size=1200).split(_doc(SECTIONED.replace("fast chargers", "electric vehicle chargers")))
    assert [c.heading for c in before] == [c.heading for c in after]
    assert before[0].chunk_id == after[0].chunk_id
    assert before[1].chunk_id != after[1].chunk_id
    assert before[2].chunk_id == after[2].chunk_id


def test_chunk_id_changes_with_metadata() -> None:
    doc = _doc(SECTIONED)
    other = _doc(SECTIONED)
    other.minerals = ["gallium", "germanium"]
    assert [c.chunk_id for c in Chunker().split(doc)] != [c.chunk_id for c in Chunker().split(other)]


def test_chunker_rejects_bad_sizes() -> None:
    with pytest.raises(ValueError, match="too small"):
        Chunker(size=50)
    with pytest.raises(ValueError, match="smaller than the chunk size"):
        Chunker(size=200, overlap=200)
