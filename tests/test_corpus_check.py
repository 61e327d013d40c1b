"""The corpus schema checker: every kind of breakage is reported as one line naming the file, the field and a fix,
both by ``check_corpus`` and by ``assistant corpus check DIR``."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.corpus import CheckReport, Problem, check_corpus, load_note

SHIPPED_CORPUS = Path(__file__).resolve().parents[1] / "corpus"

POLICY_ID = "gallium-germanium-export-licensing"
DATA_ID = "gallium-production-shares"

GOOD_SOURCES = [
    {
        "publisher": "Ministry of Commerce of the People's Republic of China",
        "title": '"Announcement No. 23 of 2023 on export control of gallium and germanium items"',
        "url": "http://www.mofcom.gov.cn/article/zwgk/gkzcfb/202307/20230703419666.shtml",
        "date": "2023-07-03",
        "key": "mofcom-2023",
        "authority": "official",
    },
    {
        "publisher": "Holland & Knight",
        "title": '"China Restricts Exports of Gallium and Germanium"',
        "url": "https://www.hklaw.com/en/insights/publications/2023/07/china-restricts-exports-of-gallium-and-germanium",
        "date": "2023-07-05",
        "key": "hk-2023",
        "authority": "analysis",
    },
    {
        "publisher": "U.S. Geological Survey",
        "title": '"Mineral Commodity Summaries 2024: Gallium"',
        "url": "https://pubs.usgs.gov/periodicals/mcs2024/mcs2024-gallium.pdf",
        "date": "2024-01-31",
        "key": "usgs-2024",
        "authority": "official",
    },
]

POLICY_BODY = """\
## China's July 2023 announcement on gallium and germanium

China's Ministry of Commerce announced on 3 July 2023 that gallium and germanium items would need export licences from 1 August 2023.[^mofcom-2023]
According to Holland & Knight's 5 July 2023 analysis, China's licensing rule covered gallium metal, gallium nitride, gallium oxide, germanium metal and germanium dioxide.[^hk-2023]
China's 2023 licensing rule required exporters of gallium and germanium to name the end user and the end use of every shipment.[^mofcom-2023][^hk-2023]

## Why China's gallium and germanium licensing matters

According to the USGS Mineral Commodity Summaries 2024, China produced about 98 per cent of the world's primary low-purity gallium in 2023.[^usgs-2024]
Gallium nitride and gallium arsenide chips are used in radar, satellite links, 5G base stations and fast chargers, so a gallium shortage reaches defence and telecoms makers.[^usgs-2024]
Germanium is used in fibre optics, infrared optics and space solar cells, and China refined most of the world's germanium in 2023 according to the USGS.[^usgs-2024]
Exporters in China reported months of licence waits after 1 August 2023, according to Holland & Knight's July 2023 analysis of the gallium and germanium rule.[^hk-2023]
China's August 2023 licensing of gallium and germanium was the first of several Chinese export-control steps on critical minerals between 2023 and 2025.[^hk-2023]
"""

DATA_BODY = """\
## China's share of gallium production

| Measure | Value | Source | Year |
|---|---|---|---|
| China's share of primary low-purity gallium production | 98% | [^usgs-2024] | 2023 |
| World primary low-purity gallium production | 750 tonnes | [^usgs-2024] | 2023 |

## Key figures

According to the USGS Mineral Commodity Summaries 2024, China produced about 98% of the world's primary low-purity gallium in 2023.[^usgs-2024]
"""

KEY_POINTS = [
    "China's commerce ministry announced on 3 July 2023 that gallium and germanium exports would need licences.[^mofcom-2023]",
    "China's licensing of gallium and germanium took effect on 1 August 2023, according to Holland & Knight.[^hk-2023]",
    "China produced about 98% of the world's primary low-purity gallium in 2023, according to the USGS.[^usgs-2024]",
]
DATA_KEY_POINTS = [
    "China produced about 98% of the world's primary low-purity gallium in 2023, according to the USGS.[^usgs-2024]",
    "World primary low-purity gallium production was about 750 tonnes in 2023, according to the USGS.[^usgs-2024]",
    "The USGS Mineral Commodity Summaries 2024 gives China's 2023 share of primary gallium output.[^usgs-2024]",
]
DATA_SOURCES = [s for s in GOOD_SOURCES if s["key"] == "usgs-2024"]


def render_sources(sources: list[dict[str, str]]) -> str:
    lines = [""]
    for src in sources:
        first = True
        for key in ("key", "publisher", "via", "title", "url", "date", "authority"):
            if key in src:
                lines.append(f"  {'- ' if first else '  '}{key}: {src[key]}")
                first = False
    return "\n".join(lines)


def render_list(items: list[str]) -> str:
    return "".join(f"\n  - {json.dumps(item, ensure_ascii=False)}" for item in items)


def note_text(
    *,
    doc_id: str = POLICY_ID,
    kind: str = "policy-note",
    body: str | None = None,
    sources: list[dict[str, str]] | None = None,
    **overrides: str | None,
) -> str:
    """A valid note as text. ``overrides`` replace a field's raw YAML value; ``None`` removes the field."""
    data = kind == "data-note"
    fields: dict[str, str | None] = {
        "id": doc_id,
        "title": '"China\'s August 2023 export licensing for gallium and germanium"',
        "kind": kind,
        "summary": '"China\'s commerce ministry put gallium and germanium under export licensing from 1 August 2023."',
        "key_points": render_list(DATA_KEY_POINTS if data else KEY_POINTS),
        "sources": render_sources(sources if sources is not None else DATA_SOURCES if data else GOOD_SOURCES),
        "published": "2024-01-31",
        "as_of": "2025-11-30",
        "reviewed": "2026-11-30",
        "minerals": "[gallium, germanium]",
        "countries": "[China, United States]",
        "topics": "[export-controls, semiconductors]",
    }
    fields.update(overrides)
    front = "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)
    if body is None:
        body = DATA_BODY if kind == "data-note" else POLICY_BODY
    return f"---\n{front}\n---\n\n{body}"


def write_note(directory: Path, text: str | bytes, name: str = POLICY_ID, folder: str = "policy") -> Path:
    path = directory / folder / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_good_corpus(directory: Path) -> tuple[Path, Path]:
    policy = write_note(directory, note_text())
    data = write_note(directory, note_text(doc_id=DATA_ID, kind="data-note"), name=DATA_ID, folder="data")
    return policy, data


def run_cli(directory: Path):
    return CliRunner().invoke(app, ["corpus", "check", str(directory)])


# --------------------------------------------------------------------------------------------------------------------
# The baseline: the helpers write notes that pass.


def test_helper_notes_are_valid(tmp_path: Path) -> None:
    policy, data = write_good_corpus(tmp_path)
    for path in (policy, data):
        record, problems = load_note(path)
        assert problems == [], [str(p) for p in problems]
        assert record is not None
    record, _ = load_note(policy)
    assert record is not None
    assert record.doc_id == POLICY_ID
    assert record.kind == "policy-note"
    assert record.published == "2024-01-31"
    assert record.as_of == "2025-11-30"
    assert record.minerals == ["gallium", "germanium"]
    assert record.topics == ["export-controls", "semiconductors"]
    assert [s.date for s in record.sources] == ["2023-07-03", "2023-07-05", "2024-01-31"]
    assert record.sources[1].publisher == "Holland & Knight"
    assert [(s.key, s.authority) for s in record.sources] == [
        ("mofcom-2023", "official"), ("hk-2023", "analysis"), ("usgs-2024", "official")]
    assert record.authority == "official"  # derived: the strongest source
    assert record.reviewed == "2026-11-30"
    assert record.key_points == KEY_POINTS  # kept as written, markers included


def test_good_corpus_exits_zero_with_one_line_summary(tmp_path: Path) -> None:
    write_good_corpus(tmp_path)
    report = check_corpus(tmp_path)
    assert report.ok, [str(p) for p in report.problems]
    assert report.notes == 2
    assert dict(report.kinds) == {"policy-note": 1, "data-note": 1}
    assert report.sources == 4
    assert report.newest_as_of == "2025-11-30"

    result = run_cli(tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0] == "OK: 2 notes (1 data-note, 1 policy-note), 4 sources, newest as_of 2025-11-30"


def test_failed_summary_counts_problems(tmp_path: Path) -> None:
    write_good_corpus(tmp_path)
    write_note(tmp_path, note_text(doc_id="other-note", authority="blog", topics="[gossip]"), name="other-note")
    report = check_corpus(tmp_path)
    assert len(report.problems) == 2
    assert report.summary().startswith("FAILED (2 problems): 3 notes (1 data-note, 2 policy-note)")

    result = run_cli(tmp_path)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == report.summary()


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-corpus"
    report = check_corpus(missing)
    assert [str(p) for p in report.problems] == [f"{missing}: corpus: is not a folder; pass the corpus folder"]
    result = run_cli(missing)
    assert result.exit_code != 0


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Not a note\n", encoding="utf-8")
    report = check_corpus(tmp_path)
    assert not report.ok
    assert report.problems[0].field == "corpus"
    assert "holds no notes" in report.problems[0].message


# --------------------------------------------------------------------------------------------------------------------
# Each kind of breakage: (the note files to write, the file and field expected, a fragment of the fix).


Writer = Callable[[Path], Path]  # writes the broken corpus, returns the file that should be named


def _one(text: str | bytes, name: str = POLICY_ID, folder: str = "policy") -> Writer:
    return lambda d: write_note(d, text, name=name, folder=folder)


def _duplicate(d: Path) -> Path:
    write_note(d, note_text(), folder="archive")
    return write_note(d, note_text(), folder="policy")


def _future() -> str:
    return (dt.date.today() + dt.timedelta(days=400)).isoformat()


def _words(n: int) -> str:
    sentence = "China's August 2023 gallium licensing rule required exporters to name end users for every shipment abroad."
    words = (sentence.split() * (n // len(sentence.split()) + 1))[:n]
    return " ".join(words) + "\n"


_BAD_ROW = DATA_BODY.replace("| 750 tonnes | [^usgs-2024] | 2023 |", "| 750 tonnes | 2023 |")
_NO_SOURCE = """\
## China's share of gallium production

| Measure | Value | Year |
|---|---|---|
| China's share of primary low-purity gallium production | 98% | 2023 |
"""
_NO_YEAR = """\
## China's share of gallium production

| Measure | Value | Source |
|---|---|---|
| China's share of primary low-purity gallium production | 98% | USGS Mineral Commodity Summaries 2024 |
"""

CASES = [
    pytest.param(_one(POLICY_BODY), "front matter", "start the file with a --- block", id="missing-front-matter"),
    pytest.param(_one(note_text(title="China: gallium and germanium controls")), "front matter",
                 "quote strings that contain ':'", id="invalid-yaml"),
    pytest.param(_one(note_text(summary=None)), "summary", "is missing; add it", id="missing-summary"),
    pytest.param(_one(note_text(countries=None)), "countries", "is missing; add a list", id="missing-countries"),
    pytest.param(_one(note_text(doc_id="Gallium_Controls"), name="Gallium_Controls"), "id",
                 "use lower-case letters, digits and hyphens", id="bad-id-slug"),
    pytest.param(_one(note_text(), name="gallium-controls"), "id",
                 f"name the file {POLICY_ID}.md", id="id-differs-from-file-name"),
    pytest.param(_duplicate, "id", "give each note its own id", id="duplicate-id"),
    pytest.param(_one(note_text(kind="briefing")), "kind", "is not one of policy-note, data-note", id="unknown-kind"),
    pytest.param(_one(note_text(authority="blog")), "authority", "is not one of official, analysis, news",
                 id="unknown-authority"),
    pytest.param(_one(note_text(topics="[export-controls, gossip]")), "topics",
                 "unknown value(s) ['gossip']; use the vocabulary in corpus/README.md", id="unknown-topic"),
    pytest.param(_one(note_text(as_of="'2025-02-30'")), "as_of", "is not a real date", id="impossible-date-quoted"),
    pytest.param(_one(note_text(as_of="2025-02-30")), "as_of", "is not a real date", id="impossible-date"),
    pytest.param(_one(note_text(as_of="2025-11")), "as_of", "is not a full date; write it as YYYY-MM-DD",
                 id="as-of-not-full-date"),
    pytest.param(_one(note_text(published="2023-07-03")), "published",
                 "is older than the newest source (2024-01-31); set it to 2024-01-31", id="published-older-than-source"),
    pytest.param(lambda d: write_note(d, note_text(as_of=_future())), "as_of", "is in the future; use the real date",
                 id="future-date"),
    pytest.param(_one(note_text(sources=[dict(GOOD_SOURCES[0]),
                                         dict(GOOD_SOURCES[1], url="htps//www.hklaw.com/gallium"), GOOD_SOURCES[2]])),
                 "sources[1].url", "write a full http(s):// address", id="malformed-url"),
    pytest.param(_one(note_text(sources=[dict(GOOD_SOURCES[0], url="www.mofcom.gov.cn/article/gallium"),
                                         *GOOD_SOURCES[1:]])),
                 "sources[0].url", "write a full http(s):// address", id="url-without-scheme"),
    pytest.param(_one(note_text(body=_words(60))), "body", "has 60 words; a policy note has 150-900",
                 id="policy-too-short"),
    pytest.param(_one(note_text(body=_words(950))), "body", "has 950 words; a policy note has 150-900",
                 id="policy-too-long"),
    pytest.param(_one(note_text(doc_id=DATA_ID, kind="data-note", body=POLICY_BODY), name=DATA_ID, folder="data"),
                 "body", "has no Markdown table; a data note holds its figures in tables", id="data-note-no-table"),
    pytest.param(_one(note_text(doc_id=DATA_ID, kind="data-note", body=_BAD_ROW), name=DATA_ID, folder="data"),
                 "body table 1 row 2", "has 3 cells but the header has 4; make every row as wide as the header",
                 id="table-row-cell-count"),
    pytest.param(_one(note_text(doc_id=DATA_ID, kind="data-note", body=_NO_SOURCE), name=DATA_ID, folder="data"),
                 "body table 1", "has no Source column; add one holding each row's [^key] marker(s)",
                 id="data-table-no-source-column"),
    pytest.param(_one(note_text(doc_id=DATA_ID, kind="data-note", body=_NO_YEAR), name=DATA_ID, folder="data"),
                 "body table 1", "has no Year (or Date) column; every row of a data note must give its year",
                 id="data-table-no-year-column"),
    pytest.param(_one(note_text(summary='"China licensed gallium exports from 1 August 2023. Prices in Rotterdam '
                                        'rose afterwards."')),
                 "summary", "has more than one sentence; keep it to one", id="two-sentence-summary"),
    pytest.param(_one(note_text(title='"Gallium licensing in China — export rules"').encode("cp1252")),
                 "file", "is not UTF-8 text; save it as UTF-8", id="non-utf8"),
]


def _problems_for(report: CheckReport, path: Path, field_name: str) -> list[Problem]:
    return [p for p in report.problems if p.path == str(path) and p.field == field_name]


@pytest.mark.parametrize(("write", "field_name", "fix"), CASES)
def test_breakage_is_reported(tmp_path: Path, write: Writer, field_name: str, fix: str) -> None:
    # a good note of the other kind sits next to the broken one, and must not be blamed
    bystander = write_note(tmp_path, note_text(doc_id="bystander-note"), name="bystander-note", folder="other")
    broken = write(tmp_path)

    report = check_corpus(tmp_path)
    assert not report.ok
    assert not [p for p in report.problems if p.path == str(bystander)], [str(p) for p in report.problems]
    matches = _problems_for(report, broken, field_name)
    assert matches, f"no problem for {field_name!r} in {[str(p) for p in report.problems]}"
    line = next((str(p) for p in matches if fix in p.message), None)
    assert line is not None, f"no fix {fix!r} in {[str(p) for p in matches]}"
    assert re.match(rf"{re.escape(str(broken))}(:\d+)?: {re.escape(field_name)}: ", line), line
    assert report.summary().startswith(f"FAILED ({len(report.problems)} problems)")

    result = run_cli(tmp_path)
    assert result.exit_code != 0
    assert line in result.output.splitlines()
    assert line in result.stderr  # problems go to stderr, the summary to stdout
    assert result.stdout.strip() == report.summary()


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    first = write_note(tmp_path, note_text(), folder="archive")
    second = write_note(tmp_path, note_text(), folder="policy")
    report = check_corpus(tmp_path)
    assert [str(p) for p in report.problems] == [
        f"{second}: id: '{POLICY_ID}' is already used by {first}; give each note its own id"
    ]


def test_impossible_date_in_source_is_reported(tmp_path: Path) -> None:
    path = write_note(tmp_path, note_text(sources=[dict(GOOD_SOURCES[0], date="'2023-02-30'"), *GOOD_SOURCES[1:]]))
    report = check_corpus(tmp_path)
    lines = [str(p) for p in _problems_for(report, path, "sources[0].date")]
    assert lines and "is not a real date" in lines[0] and "correct the day or month" in lines[0]


def test_partial_source_dates_and_month_published_are_accepted(tmp_path: Path) -> None:
    sources = [dict(GOOD_SOURCES[0], date="2023"), dict(GOOD_SOURCES[1], date='"2023-07"'),
               dict(GOOD_SOURCES[2], date='"2024-01"')]
    write_note(tmp_path, note_text(sources=sources, published='"2024-01"'))
    report = check_corpus(tmp_path)
    assert report.ok, [str(p) for p in report.problems]


def test_as_of_before_published_is_reported(tmp_path: Path) -> None:
    path = write_note(tmp_path, note_text(as_of="2023-07-01"))
    report = check_corpus(tmp_path)
    lines = [str(p) for p in _problems_for(report, path, "as_of")]
    assert lines == [f"{path}: as_of: 2023-07-01 is older than published (2024-01-31); as_of cannot predate sources"]


def test_policy_word_count_ignores_table_lines(tmp_path: Path) -> None:
    table = "\n".join(f"| row {i} | " + "word " * 30 + "| [^hk-2023] |" for i in range(40))
    body = POLICY_BODY + "\n## A table of rows\n\n| Row | Words | Source |\n|---|---|---|\n" + table + "\n"
    write_note(tmp_path, note_text(body=body))
    report = check_corpus(tmp_path)
    assert report.ok, [str(p) for p in report.problems]


def test_shipped_corpus_passes() -> None:
    report = check_corpus(SHIPPED_CORPUS)
    assert report.ok, "\n".join(str(p) for p in report.problems)
    assert report.notes > 0
    assert report.kinds["policy-note"] > 0 and report.kinds["data-note"] > 0

    result = run_cli(SHIPPED_CORPUS)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"OK: \d+ notes \(\d+ data-note, (\d+ explainer, )?\d+ policy-note\), \d+ sources, "
                        r"newest as_of \d{4}-\d{2}-\d{2}",
                        result.output.strip())


def test_shipped_corpus_notes_all_load() -> None:
    """Independently of the xfail above: every shipped note parses and the counts add up."""
    report = check_corpus(SHIPPED_CORPUS)
    assert report.notes >= 1
    assert sum(report.kinds.values()) == report.notes
    assert set(report.kinds) <= {"policy-note", "data-note", "explainer"}
    assert report.sources >= report.notes


# --------------------------------------------------------------------------------------------------------------------
# Corpus v2: source keys, markers, key points, reviewed. Each problem names the file and line, the sentence, the fix.


def _line(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if fragment in line)


def _assert_reported(tmp_path: Path, path: Path, expected: str) -> None:
    """``expected`` is one full problem line; the check and the CLI both report it, and the CLI exits 1."""
    report = check_corpus(tmp_path)
    assert expected in [str(p) for p in report.problems], [str(p) for p in report.problems]
    result = run_cli(tmp_path)
    assert result.exit_code == 1
    assert expected in result.stderr.splitlines()


UNMARKED = "China's 2023 licensing rule required exporters of gallium and germanium to name the end user"
V2_CASES = [
    pytest.param(POLICY_BODY.replace("of every shipment.[^mofcom-2023][^hk-2023]", "of every shipment."),
                 UNMARKED, "body",
                 "sentence \"China's 2023 licensing rule required exporters of gallium and germanium to name the end "
                 "u…\" has no source marker; end it with [^key] naming the source(s) that state it",
                 id="sentence-without-marker"),
    pytest.param(POLICY_BODY + "\n## What exporters had to do\n\n- Chinese exporters of gallium had to apply for a "
                 "licence for every shipment after 1 August 2023.\n",
                 "- Chinese exporters of gallium", "body",
                 "sentence 'Chinese exporters of gallium had to apply for a licence for every shipment after 1 August…' "
                 "has no source marker; end it with [^key] naming the source(s) that state it",
                 id="bullet-without-marker"),
    pytest.param(POLICY_BODY.replace("of every shipment.[^mofcom-2023][^hk-2023]",
                                     "of every shipment.[^mofcom-2023][^reuters-2023]"),
                 UNMARKED, "body",
                 "marker [^reuters-2023] names no source; add a source with key: reuters-2023, or use one of the keys "
                 "in `sources` (hk-2023, mofcom-2023, usgs-2024)", id="unknown-key"),
    pytest.param(POLICY_BODY.replace("of every shipment.[^mofcom-2023][^hk-2023]", "of every shipment.[^??]"),
                 UNMARKED, "body",
                 "marker '[^??]' is not a source key; write [^key] with a key from `sources` (lower-case letters, "
                 "digits, hyphens)", id="malformed-marker"),
    pytest.param(POLICY_BODY.replace("## Why China's gallium and germanium licensing matters",
                                     "## Why China's gallium licensing matters[^hk-2023]"),
                 "## Why China's gallium", "body",
                 "heading \"## Why China's gallium licensing matters[^hk-2023]\" carries a marker; headings carry none: "
                 "move it to the sentence it supports", id="marker-on-heading"),
    pytest.param(POLICY_BODY + "\nNo public source found by October 2026 said whether China changed the gallium "
                 "licensing rule after 2025.[^hk-2023]\n",
                 "No public source found by October 2026", "body",
                 "sentence 'No public source found by October 2026 said whether China changed the gallium licensing "
                 "r…' names October 2026 but the note was reviewed on 2026-11-30; check the sources again and "
                 "write November 2026 (the month of reviewed)", id="record-limit-month-differs-from-reviewed"),
]


@pytest.mark.parametrize(("body", "fragment", "field_name", "message"), V2_CASES)
def test_v2_body_problems_name_the_line_the_sentence_and_the_fix(tmp_path: Path, body: str, fragment: str,
                                                                 field_name: str, message: str) -> None:
    path = write_note(tmp_path, note_text(body=body))
    _assert_reported(tmp_path, path, f"{path}:{_line(path, fragment)}: {field_name}: {message}")


def test_table_row_without_marker_in_its_source_cell(tmp_path: Path) -> None:
    body = DATA_BODY.replace("| 750 tonnes | [^usgs-2024] | 2023 |", "| 750 tonnes | USGS | 2023 |")
    path = write_note(tmp_path, note_text(doc_id=DATA_ID, kind="data-note", body=body), name=DATA_ID, folder="data")
    expected = (f"{path}:{_line(path, '| 750 tonnes |')}: body table 1 row 2: Source cell 'USGS' of row "
                "'| World primary low-purity gallium production | 750 tonnes…' holds no marker; put the row's [^key] "
                "marker(s) there")
    _assert_reported(tmp_path, path, expected)


def test_source_that_no_marker_uses(tmp_path: Path) -> None:
    extra = {"key": "argus-2023", "publisher": "Argus", "title": '"Gallium prices jump"',
             "url": "https://example.org/argus-gallium", "date": "2023-07-04", "authority": "analysis"}
    path = write_note(tmp_path, note_text(sources=[*GOOD_SOURCES, extra]))
    expected = (f"{path}:{_line(path, 'key: argus-2023')}: sources: source 'argus-2023' is cited by no marker; cite "
                "it where a sentence states what it says, or remove it")
    _assert_reported(tmp_path, path, expected)


def test_key_points_count_and_markers(tmp_path: Path) -> None:
    unmarked = "China licensed gallium and germanium exports from 1 August 2023."
    path = write_note(tmp_path, note_text(key_points=render_list([KEY_POINTS[0], unmarked])))
    _assert_reported(tmp_path, path, f"{path}:{_line(path, 'key_points:')}: key_points: has 2 item(s); write 3 to 6 "
                     "standalone sentences")
    _assert_reported(tmp_path, path, f"{path}:{_line(path, unmarked)}: key_points[1]: {unmarked!r} does not end "
                     "with a source marker; end it with [^key] naming the source(s) that state it")
    path.write_text(note_text(key_points=render_list(KEY_POINTS * 3)), encoding="utf-8")
    _assert_reported(tmp_path, path, f"{path}:{_line(path, 'key_points:')}: key_points: has 9 item(s); write 3 to 6 "
                     "standalone sentences")


def test_key_point_markers_count_as_uses_and_must_name_sources(tmp_path: Path) -> None:
    points = [*KEY_POINTS[:2], "China's 2023 gallium rule named end users for each shipment.[^mofcom-2022]"]
    path = write_note(tmp_path, note_text(key_points=render_list(points)))
    _assert_reported(tmp_path, path, f"{path}:{_line(path, 'named end users')}: body: marker [^mofcom-2022] names no "
                     "source; add a source with key: mofcom-2022, or use one of the keys in `sources` (hk-2023, "
                     "mofcom-2023, usgs-2024)")


V2_FRONT_CASES = [
    pytest.param(dict(reviewed=None), "reviewed", "is missing; add it (see the schema in corpus/README.md)",
                 id="reviewed-missing"),
    pytest.param(dict(reviewed="2026-11"), "reviewed", "'2026-11' is not a full date; write it as YYYY-MM-DD",
                 id="reviewed-not-a-full-date"),
    pytest.param(dict(key_points=None), "key_points", "is missing; add it (see the schema in corpus/README.md)",
                 id="key-points-missing"),
    pytest.param(dict(authority="analysis"), "authority",
                 "'analysis' differs from the strongest source's tier ('official'); delete the field: a note's "
                 "authority is derived from its sources", id="note-authority-differs-from-derived"),
    pytest.param(dict(sources=[{k: v for k, v in GOOD_SOURCES[0].items() if k != "authority"}, *GOOD_SOURCES[1:]]),
                 "sources[0].authority", "is missing; add official, analysis or news: the tier of this source's own "
                 "publisher", id="source-authority-missing"),
    pytest.param(dict(sources=[dict(GOOD_SOURCES[0], authority="press"), *GOOD_SOURCES[1:]]),
                 "sources[0].authority", "'press' is not one of official, analysis, news", id="source-authority-bad"),
    pytest.param(dict(sources=[{k: v for k, v in GOOD_SOURCES[0].items() if k != "key"}, *GOOD_SOURCES[1:]]),
                 "sources[0].key", "is missing; add a short key like usgs-2025 ([a-z0-9-], unique in the note)",
                 id="source-key-missing"),
    pytest.param(dict(sources=[*GOOD_SOURCES, dict(GOOD_SOURCES[2], url="https://example.org/usgs-copy")]),
                 "sources[3].key", "'usgs-2024' is already the key of another source; give each source its own key",
                 id="source-key-duplicate"),
    pytest.param(dict(sources=[dict(GOOD_SOURCES[0], key="MOFCOM_2023"), *GOOD_SOURCES[1:]]),
                 "sources[0].key", "'MOFCOM_2023' is not a key; use lower-case letters, digits and hyphens",
                 id="source-key-malformed"),
    pytest.param(dict(kind="explainer", body=POLICY_BODY.replace("## Why", "### Why")), "body",
                 "has 1 `## ` section(s); an explainer has one `## ` section per aspect (at least 2), each heading "
                 "saying what the aspect is", id="explainer-needs-sections"),
]


@pytest.mark.parametrize(("fields", "field_name", "message"), V2_FRONT_CASES)
def test_v2_front_matter_problems(tmp_path: Path, fields: dict, field_name: str, message: str) -> None:
    sources, body = fields.pop("sources", None), fields.pop("body", None)
    path = write_note(tmp_path, note_text(sources=sources, body=body, **fields))
    report = check_corpus(tmp_path)
    lines = [f"{p.field}: {p.message}" for p in report.problems]
    assert f"{field_name}: {message}" in lines, lines
    result = run_cli(tmp_path)
    assert result.exit_code == 1
    assert any(line.startswith(str(path)) and line.endswith(f"{field_name}: {message}")
               for line in result.stderr.splitlines()), result.stderr


def test_explainer_length_and_sections(tmp_path: Path) -> None:
    path = write_note(tmp_path, note_text(kind="explainer"))
    report = check_corpus(tmp_path)
    # POLICY_BODY has 2 sections, so the one problem is its length: explainers have 300-900 words
    assert [str(p) for p in report.problems] == [f"{path}: body: has 209 words; an explainer has 300-900"]
    assert report.kinds == {"explainer": 1}


def test_future_reviewed_date_is_reported(tmp_path: Path) -> None:
    path = write_note(tmp_path, note_text(reviewed=_future()))
    assert f"{path}: reviewed: {_future()} is in the future; use the real date" in [
        str(p) for p in check_corpus(tmp_path).problems]


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    body = POLICY_BODY.replace("[^mofcom-2023][^hk-2023]", "").replace("[^usgs-2024]", "[^usgs-2023]")
    path = write_note(tmp_path, note_text(body=body, reviewed=None, authority="news"))
    report = check_corpus(tmp_path)
    fields = sorted({p.field for p in report.problems})
    assert fields == ["authority", "body", "reviewed"], [str(p) for p in report.problems]
    assert len([p for p in report.problems if "names no source" in p.message]) == 3
    assert len([p for p in report.problems if "has no source marker" in p.message]) == 1
    result = run_cli(tmp_path)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == len(report.problems)
    assert all(line.startswith(str(path)) for line in result.stderr.strip().splitlines())


def test_blocking_and_editorial_problems(tmp_path: Path) -> None:
    """Length and vocabulary fail the check but do not keep a note out of the index; provenance does."""
    path = write_note(tmp_path, note_text(body=_words(60), minerals="[gallium, zorblium]"))
    _, problems = load_note(path)
    editorial = {p.field for p in problems if not p.blocking}
    blocking = {p.field for p in problems if p.blocking}
    assert editorial == {"body", "minerals"}
    assert blocking == {"body"}  # the unmarked sentences
    assert all("has no source marker" in p.message for p in problems if p.blocking)


def test_migrated_record_limit_in_reviewed_month_is_accepted(tmp_path: Path) -> None:
    body = POLICY_BODY + ("\nNo public source found by late November 2026 said whether China changed the gallium "
                          "licensing rule after 2025.[^hk-2023]\n")
    write_note(tmp_path, note_text(body=body))
    assert check_corpus(tmp_path).ok
