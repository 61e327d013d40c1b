"""Source markers ``[^key]``: parsing, sentence splitting that keeps a sentence's markers, and chunks that carry each
sentence's source keys (markers stripped from what is stored and shown)."""

from __future__ import annotations

import json

from assistant.chunking import KEY_POINTS_HEADING, Chunker
from assistant.loaders import DOCUMENT_KEY, load_file
from assistant.markers import MARKER, split_marked, strip_markers
from assistant.text import prose_sentences_at, split_sentences
from assistant.types import DocRecord, SourceRef


def test_one_marker_is_split_off() -> None:
    assert split_marked("Zorblium output rose in 2024.[^mofa-2025]") == ("Zorblium output rose in 2024.", ["mofa-2025"])
    assert MARKER.findall("a [^x1] b [^Bad] c [^??]") == ["x1"]


def test_several_markers_keep_their_order_without_repeats() -> None:
    text = "Freedonia mined 12 tonnes in 2024.[^wire-2025][^stats-2024][^wire-2025]"
    assert split_marked(text) == ("Freedonia mined 12 tonnes in 2024.", ["wire-2025", "stats-2024"])


def test_strip_removes_markers_and_the_space_before_them() -> None:
    assert strip_markers("Mined in 2024 [^a]. Sold in 2025.[^b] [^c]") == "Mined in 2024. Sold in 2025."
    assert strip_markers("No markers here.") == "No markers here."


def test_markers_stay_with_the_sentence_they_end() -> None:
    text = "Freedonia banned zorblium exports in 2023.[^a][^b] Prices doubled in 2024.[^c] Nothing else changed."
    assert split_sentences(text) == ["Freedonia banned zorblium exports in 2023.[^a][^b]",
                                     "Prices doubled in 2024.[^c]", "Nothing else changed."]


def test_markers_after_closing_quotes_and_brackets() -> None:
    text = ('The ministry said exports were "not permitted in principle".[^br-2024] Output fell (to 12 tonnes).[^x] '
            'The minister said "exports will resume."[^y] Traders agreed.')
    assert split_sentences(text) == ['The ministry said exports were "not permitted in principle".[^br-2024]',
                                     "Output fell (to 12 tonnes).[^x]", 'The minister said "exports will resume."[^y]',
                                     "Traders agreed."]
    assert split_marked(split_sentences(text)[0])[1] == ["br-2024"]


def test_markers_before_the_full_stop_are_accepted() -> None:
    assert split_sentences("Output fell in 2023[^a]. Prices rose in 2024[^b][^c]. Done here now.") == [
        "Output fell in 2023[^a].", "Prices rose in 2024[^b][^c].", "Done here now."]
    assert split_marked("Output fell in 2023[^a].") == ("Output fell in 2023.", ["a"])


def test_a_marker_ends_a_sentence_even_after_an_abbreviation() -> None:
    assert split_sentences("Zorblium went to the U.S.[^a] Freedonia kept the rest.") == [
        "Zorblium went to the U.S.[^a]", "Freedonia kept the rest."]


def test_bullets_and_wrapped_lines_keep_their_markers_and_line_numbers() -> None:
    text = ("## Exports\n\nFreedonia exported 42 tonnes of zorblium\nin 2024.[^a] Ruritania bought most of it.[^b]\n\n"
            "- Freedonia licensed every zorblium shipment from March 2025.[^a]\n- Too short.\n")
    assert prose_sentences_at(text) == [
        (2, "Freedonia exported 42 tonnes of zorblium in 2024.[^a]"),
        (3, "Ruritania bought most of it.[^b]"),
        (5, "Freedonia licensed every zorblium shipment from March 2025.[^a]"),
    ]


SOURCES = [SourceRef("Freedonia Ministry of Mines", "Zorblium statistics", "https://example.org/mines", "2025-01-31",
                     key="mines-2025", authority="official"),
           SourceRef("Reuters", "Zorblium prices double", "https://example.org/wire", "2025-02-03",
                     key="reuters-2025", authority="news", via="Example Wire")]
BODY = """\
## Zorblium exports by year

Freedonia exported 42 tonnes of zorblium in 2024, its ministry of mines said.[^mines-2025] \
Zorblium prices doubled in January 2025, Reuters reported.[^reuters-2025][^mines-2025]

- Ruritania bought most of Freedonia's zorblium in 2024, the ministry said.[^mines-2025]

| Year | Exports (t) | Source |
|---|---|---|
| 2024 | 42 | [^mines-2025] [^reuters-2025] |
| 2023 | 30 | [^mines-2025] |
"""
KEY_POINTS = ["Freedonia exported 42 tonnes of zorblium in 2024.[^mines-2025]",
              "Zorblium prices doubled in January 2025.[^reuters-2025]",
              "Ruritania bought most of Freedonia's zorblium in 2024.[^mines-2025]"]


def _note() -> DocRecord:
    return DocRecord(doc_id="zorblium-exports", title="Zorblium exports", path="zorblium-exports.md", text=BODY,
                     kind="data-note", sources=SOURCES, key_points=KEY_POINTS, reviewed="2026-11-30",
                     authority="official")


def test_chunks_carry_each_sentences_sources_and_no_markers() -> None:
    body, points = Chunker().split(_note())
    assert body.sentences == [
        "Freedonia exported 42 tonnes of zorblium in 2024, its ministry of mines said.",
        "Zorblium prices doubled in January 2025, Reuters reported.",
        "Ruritania bought most of Freedonia's zorblium in 2024, the ministry said.",
        "Zorblium exports by year: Year: 2024; Exports (t): 42; Source: Freedonia Ministry of Mines, Reuters.",
        "Zorblium exports by year: Year: 2023; Exports (t): 30; Source: Freedonia Ministry of Mines.",
    ]
    assert body.sentence_sources == [["mines-2025"], ["reuters-2025", "mines-2025"], ["mines-2025"],
                                     ["mines-2025", "reuters-2025"], ["mines-2025"]]
    assert json.loads(body.metadata["sentence_sources"]) == body.sentence_sources
    assert "[^" not in body.text and "[^" not in " ".join(body.sentences)
    assert "| 2024 | 42 | Freedonia Ministry of Mines, Reuters |" in body.text
    assert body.metadata["section"] == "body"
    sources = json.loads(body.metadata["sources_json"])
    assert sources[1] == {"publisher": "Reuters", "title": "Zorblium prices double", "url": "https://example.org/wire",
                          "date": "2025-02-03", "key": "reuters-2025", "authority": "news", "via": "Example Wire"}


def test_key_points_become_one_passage_with_their_sources() -> None:
    points = Chunker().split(_note())[-1]
    assert points.heading == KEY_POINTS_HEADING == "Key points"
    assert points.metadata["section"] == "key_points"
    assert points.sentences == [strip_markers(p) for p in KEY_POINTS]
    assert points.sentence_sources == [["mines-2025"], ["reuters-2025"], ["mines-2025"]]
    assert json.loads(points.metadata["sentence_sources"]) == points.sentence_sources
    assert points.text.startswith("- Freedonia exported 42 tonnes") and "[^" not in points.text


def test_chunk_ids_change_when_only_the_sources_change() -> None:
    note = _note()
    moved = _note()
    moved.text = BODY.replace("ministry of mines said.[^mines-2025]", "ministry of mines said.[^reuters-2025]")
    before, after = Chunker().split(note), Chunker().split(moved)
    assert before[0].text == after[0].text and before[0].sentences == after[0].sentences
    assert before[0].chunk_id != after[0].chunk_id
    assert before[1].chunk_id == after[1].chunk_id  # the key points did not change


def test_a_document_without_front_matter_cites_itself(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "zorblium-brief.txt"
    path.write_text("Freedonia exported 42 tonnes of zorblium in 2024. Ruritania bought most of it that year.\n",
                    encoding="utf-8")
    doc = load_file(path)
    assert [(s.key, s.publisher, s.url, s.authority) for s in doc.sources] == [
        (DOCUMENT_KEY, "Zorblium brief", "zorblium-brief.txt", "")]
    chunk = Chunker().split(doc)[0]
    assert chunk.sentence_sources == [["doc"], ["doc"]]
    assert chunk.metadata["section"] == "body"
