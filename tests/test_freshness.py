"""``assistant corpus stale``: notes not reviewed within N days, and end dates that passed without a word on what
happened after them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.freshness import passed_end_dates, render_table, stale_notes
from tests.test_corpus_check import POLICY_ID, note_text, write_note

TODAY = dt.date(2026, 12, 1)
SUSPENDED = ("Freedonia suspended its zorblium export ban on 7 November 2025 until 10 November 2026, according to "
             "Holland & Knight.[^hk-2023]")
AFTER = "Freedonia extended the suspension on 12 November 2026 until November 2027, Holland & Knight said.[^hk-2023]"


def _body(*extra: str) -> str:
    from tests.test_corpus_check import POLICY_BODY

    return POLICY_BODY + "\n## The suspension\n\n" + "\n".join(extra) + "\n"


def test_passed_end_date_without_a_later_date_is_listed() -> None:
    assert passed_end_dates(["Intro line.", SUSPENDED], [], TODAY) == [
        (2, dt.date(2026, 11, 10), SUSPENDED.replace("[^hk-2023]", ""))]


def test_a_later_dated_sentence_settles_the_end_date() -> None:
    assert passed_end_dates([SUSPENDED, AFTER], [], TODAY) == []
    # a record-limit sentence dated after the end date says where the record stops: that is enough
    gap = "No public source found by December 2026 said whether the suspension was extended.[^hk-2023]"
    assert passed_end_dates([SUSPENDED, gap], [], TODAY) == []
    # in a key point too
    assert passed_end_dates([SUSPENDED], [AFTER], TODAY) == []


def test_end_dates_in_the_future_or_bare_years_are_not_listed() -> None:
    assert passed_end_dates(["Zorblium licences are valid until 31 March 2027 for Freedonia exporters."], [],
                            TODAY) == []
    assert passed_end_dates(["The Freedonia quota runs until 2025 under the 2020 plan."], [], TODAY) == []
    # month-only end dates count to the month's last day; "expires on", "valid through" and table rows are read
    lines = ["The Freedonia zorblium licence expires on 5 May 2026 for existing exporters.",
             "| Zorblium ban | Suspended until June 2026 | [^hk-2023] |",
             "The Freedonia zorblium tariff was valid through October 2026, the ministry said."]
    assert [[(n, d) for n, d, _ in passed_end_dates([line], [], TODAY)] for line in lines] == [
        [(1, dt.date(2026, 5, 5))], [(1, dt.date(2026, 6, 30))], [(1, dt.date(2026, 10, 31))]]
    # together, the October 2026 line is dated after the May and June end dates: only its own end date is listed
    assert [(n, d) for n, d, _ in passed_end_dates(lines, [], TODAY)] == [(3, dt.date(2026, 10, 31))]


def _corpus(tmp_path: Path, today: dt.date) -> tuple[Path, Path, Path]:
    fresh = write_note(tmp_path, note_text(reviewed=(today - dt.timedelta(days=10)).isoformat()), name=POLICY_ID)
    old = write_note(tmp_path, note_text(doc_id="old-note", reviewed=(today - dt.timedelta(days=400)).isoformat()),
                     name="old-note")
    ended = write_note(tmp_path, note_text(doc_id="ended-note", body=_body(SUSPENDED),
                                           reviewed=(today - dt.timedelta(days=10)).isoformat()), name="ended-note")
    return fresh, old, ended


def test_stale_report_on_a_fixture_corpus(tmp_path: Path) -> None:
    _, _, ended = _corpus(tmp_path, TODAY)
    items = stale_notes(tmp_path, days=180, today=TODAY)
    by_note = {item.doc_id: item for item in items}
    assert set(by_note) == {"old-note", "ended-note"}
    assert by_note["old-note"].reason.startswith("last reviewed ")
    assert by_note["old-note"].reason == ("last reviewed 2025-10-27 (400 days ago, over 180): check it against its "
                                          "sources")
    end = by_note["ended-note"]
    assert end.line == next(i for i, line in enumerate(ended.read_text().splitlines(), 1) if "7 November 2025" in line)
    assert end.reason == "end date 2026-11-10 has passed and the note says nothing dated after it: say what happened"
    assert end.text.startswith("Freedonia suspended its zorblium export ban")
    table = render_table(items).splitlines()
    assert table[0] == "| note | line | what to do | text |" and len(table) == 2 + len(items)

    # a longer window keeps the old note off the list; a later sentence settles the end date
    ended.write_text(note_text(doc_id="ended-note", body=_body(SUSPENDED, AFTER)), encoding="utf-8")
    assert [i.doc_id for i in stale_notes(tmp_path, days=500, today=TODAY)] == []


def test_stale_command_prints_the_table_and_exits_zero(tmp_path: Path) -> None:
    _corpus(tmp_path, dt.date.today())  # the command reads today's date; the end date (November 2026) has passed
    result = CliRunner().invoke(app, ["corpus", "stale", str(tmp_path), "--days", "180"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "| note | line | what to do | text |"
    assert any(line.startswith("| old-note |") for line in lines)
    assert "2 note(s) to look at (2 reason(s))" in result.stderr

    result = CliRunner().invoke(app, ["corpus", "stale", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "is not a folder" in result.stderr
