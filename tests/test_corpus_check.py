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
