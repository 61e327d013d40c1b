"""Which notes need a curator: not reviewed for a while, or naming an end date that has passed without saying what
happened after it (``assistant corpus stale``).

The end-date rule, kept simple on purpose: a sentence or table row that says a measure runs "until", "through",
"expires (on|in)", "valid until/through", "ends on" or "ending on" a dated day or month (``10 November 2026``,
``November 2026``) names an end date; once that date has passed (a month counts to its last day), the note is listed
unless some sentence of the note (body or key points) names a later dated day or month. A bare year does not count as
later (too many notes name target years such as 2030).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .corpus import MONTHS, front_matter_span, load_note, note_paths, parse_date, shorten
from .markers import strip_markers

DEFAULT_DAYS = 180
_MONTH = "|".join(MONTHS)
_DATE = rf"(?:(\d{{1,2}})\s+)?({_MONTH})\s+(\d{{4}})"
_END = re.compile(rf"\b(?:until|till|through|expir(?:es|ed|ing|y)(?:\s+(?:on|in))?|valid\s+(?:until|through|to)|"
                  rf"ends?\s+on|ending\s+on)\s+(?:the\s+end\s+of\s+)?{_DATE}", re.IGNORECASE)
_ANY_DATE = re.compile(rf"\b{_DATE}\b|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b", re.IGNORECASE)


@dataclass(frozen=True)
class StaleItem:
    """One reason a note needs a look: which note, where (line, 0 when the whole note), why, and the text."""

    path: str
    doc_id: str
    line: int
    reason: str
    text: str = ""


def _to_date(day: str | None, month: str, year: str) -> tuple[dt.date, dt.date]:
    """The first and last day a written date can mean ("November 2026": 1 to 30 November)."""
    y, m = int(year), MONTHS.index(month.lower()) + 1
    if day:
        try:
            exact = dt.date(y, m, int(day))
        except ValueError:
            exact = dt.date(y, m, calendar.monthrange(y, m)[1])
        return exact, exact
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _dates_in(text: str) -> list[dt.date]:
    """The latest day each dated mention in ``text`` can mean."""
    found = []
    for match in _ANY_DATE.finditer(text):
        if match.group(2):
            found.append(_to_date(match.group(1), match.group(2), match.group(3))[1])
        else:
            try:
                found.append(dt.date(int(match.group(4)), int(match.group(5)), int(match.group(6))))
            except ValueError:
                continue
    return found


def passed_end_dates(lines: list[str], extra: list[str], today: dt.date) -> list[tuple[int, dt.date, str]]:
    """(1-based line, end date, line text) for each end date that has passed with no later dated mention in the
    note (``lines`` and ``extra`` text such as key points)."""
    texts = [strip_markers(line) for line in lines if not line.lstrip().startswith("#")]
    mentioned = [d for text in texts + [strip_markers(e) for e in extra] for d in _dates_in(text)]
    out = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        text = strip_markers(line)
        for match in _END.finditer(text):
            end = _to_date(match.group(1), match.group(2), match.group(3))[1]
            if end < today and not any(d > end for d in mentioned):
                out.append((number, end, text))
    return out


def stale_notes(directory: Path, *, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> list[StaleItem]:
    """The notes under ``directory`` not reviewed within ``days`` of ``today``, and their passed end dates."""
    if days < 0:
        raise ValueError(f"--days {days} is negative; give a number of days such as 180")
    today = today or dt.date.today()
    items: list[StaleItem] = []
    for path in note_paths(directory):
        record, _ = load_note(path)
        if record is None:
            continue  # `corpus check` reports why
        reviewed, _reason = parse_date(record.reviewed, allow_partial=False) if record.reviewed else (None, None)
        if reviewed is None:
            items.append(StaleItem(str(path), record.doc_id, 0, "never reviewed: add `reviewed: YYYY-MM-DD` after "
                                   "checking the note against its sources"))
        elif (today - reviewed).days > days:
            items.append(StaleItem(str(path), record.doc_id, 0, f"last reviewed {reviewed} ({(today - reviewed).days} "
                                   f"days ago, over {days}): check it against its sources"))
        raw = path.read_text(encoding="utf-8").splitlines()
        start = front_matter_span(raw)[1]
        for number, end, text in passed_end_dates(raw[start:], record.key_points, today):
            items.append(StaleItem(str(path), record.doc_id, start + number, f"end date {end} has passed and the "
                                   "note says nothing dated after it: say what happened", shorten(text, 100)))
    return items


def render_table(items: list[StaleItem]) -> str:
    """A Markdown table a curator can work through, one row per reason."""
    rows = ["| note | line | what to do | text |", "|---|---|---|---|"]
    for item in items:
        cells = [item.doc_id, str(item.line or ""), item.reason, item.text]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
