"""The corpus schema (v2): read a note's front matter into a record, and check a whole corpus against the rules.

Every problem is reported as one line naming the file (and line, for sentences, rows and markers), the field, what is
wrong and how to fix it. Provenance rules (v2): every source has a ``key`` and its own ``authority``; every prose
sentence of the body and every table row names its source(s) with ``[^key]`` markers (see markers.py); every source is
used; ``key_points`` hold 3-6 marked sentences; ``reviewed`` dates the last check, and a "no source found by <month>"
sentence names that month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import frontmatter
import yaml

from .markers import KEY_PATTERN, LOOSE_MARKER, MARKER, ends_with_markers, marker_keys, strip_markers
from .text import prose_sentences_at, split_sentences
from .types import DocRecord, SourceRef

KINDS = ("policy-note", "data-note", "explainer")
AUTHORITIES = ("official", "analysis", "news")  # strongest first: a note's authority is its strongest source's
MINERALS = frozenset(
    [
        "rare-earths", "neodymium", "praseodymium", "dysprosium", "terbium", "samarium", "gadolinium", "lutetium",
        "scandium", "yttrium", "holmium", "erbium", "thulium", "europium", "ytterbium", "lanthanum", "cerium",
        "promethium", "ndpr", "gallium", "germanium", "antimony", "graphite", "tungsten", "tellurium", "bismuth",
        "molybdenum", "indium", "lithium", "cobalt", "nickel", "copper", "silicon", "quartz", "uranium", "tantalum",
        "critical-minerals", "manganese", "platinum", "palladium", "zinc", "aluminium", "boron", "lead", "silver",
        "phosphate", "potash", "rhenium", "tin", "titanium", "vanadium", "niobium", "helium", "magnesium", "chromium",
        "beryllium", "hafnium", "zirconium", "fluorspar", "barite", "arsenic", "iridium", "rhodium", "ruthenium",
        "caesium", "rubidium", "metallurgical-coal", "iron-nitride", "superhard-materials",
    ]
)
TOPICS = frozenset(
    [
        "basics", "uses", "defense", "ai-data-centres", "semiconductors", "supply-chain", "china-share",
        "export-controls", "trade-deals", "us-policy", "allied-policy", "funding", "stockpiles",
        "critical-mineral-lists", "partnerships", "prices", "quotas", "lead-times", "processing", "environment",
        "recycling", "substitution", "demand", "history", "production", "reserves",
    ]
)
REQUIRED = ("id", "title", "kind", "summary", "key_points", "sources", "published", "as_of", "reviewed", "minerals",
            "countries", "topics")
WORDS = {"policy-note": (150, 900), "explainer": (300, 900)}  # body words, tables excluded
POLICY_WORDS = WORDS["policy-note"]
KEY_POINTS = (3, 6)
EXPLAINER_SECTIONS = 2  # an explainer has one `## ` section per aspect, and at least this many
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
# "No public source found by November 2026 ...", "no source found for this note as of 28 November 2026 ..."
_RECORD_LIMIT = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}?sources?\s+(?:\w+\s+){0,2}?found\b[^.;]{0,60}?\b(?:as\s+of|by)\s+"
    r"(?:(?:early|mid|late|the\s+end\s+of|end\s+of)[-\s]+)?(?:\d{1,2}\s+)?(" + "|".join(MONTHS) + r")\s+(\d{4})",
    re.IGNORECASE)


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the schema check validates each date and names its field."""


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

class _Handler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_TextDatesLoader)


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass
class Problem:
    """One thing wrong with a note. ``blocking`` problems keep the note out of the index at ingest (its previous
    passages stay); editorial ones (length, vocabulary, freshness wording) fail ``corpus check`` only."""

    path: str
    field: str
    message: str
    line: int | None = None
    blocking: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


@dataclass
class CheckReport:
    notes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    sources: int = 0
    newest_as_of: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.kinds.items()))
        head = "OK" if self.ok else f"FAILED ({len(self.problems)} problems)"
        return f"{head}: {self.notes} notes ({kinds}), {self.sources} sources, newest as_of {self.newest_as_of or '-'}"


def parse_date(value: Any, *, allow_partial: bool) -> tuple[dt.date | None, str | None]:
    """A date from YAML (a date object or a string). Returns (date, None) or (None, reason)."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip() if value is not None else ""
    match = PARTIAL_DATE.match(text)
    if not match:
        form = "YYYY-MM-DD, YYYY-MM or YYYY" if allow_partial else "YYYY-MM-DD"
        return None, f"{text!r} is not a date; write it as {form}"
    year, month, day = match.groups()
    if (month is None or day is None) and not allow_partial:
        return None, f"{text!r} is not a full date; write it as YYYY-MM-DD"
    try:
        return dt.date(int(year), int(month or 1), int(day or 1)), None
    except ValueError as err:
        return None, f"{text!r} is not a real date ({err}); correct the day or month"


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _url_problem(url: Any) -> str | None:
    text = str(url or "").strip()
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in text:
        return f"{text!r} is not a well-formed URL; write a full http(s):// address"
    return None


def split_tables(body: str) -> list[list[str]]:
    """The Markdown tables of a body, each as its list of lines."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in body.splitlines():
        if line.strip().startswith("|"):
            current.append(line.strip())
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def table_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner.removeprefix("|")
    inner = inner.removesuffix("|")
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _check_table(table: list[str], number: int, *, data_note: bool) -> list[tuple[str, str]]:
    where = f"table {number}"
    if len(table) < 3:
        return [(where, "has no rows; a table needs a header row, a separator row (|---|) and at least one row")]
    if not re.fullmatch(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?", table[1]):
        return [(where, f"second line {table[1]!r} is not a separator row; put |---|---| under the header")]
    header = table_cells(table[0])
    problems = []
    for i, row in enumerate(table[2:], start=1):
        if len(table_cells(row)) != len(header):
            problems.append((f"{where} row {i}", f"has {len(table_cells(row))} cells but the header has "
                             f"{len(header)}; make every row as wide as the header"))
    lower = [h.lower() for h in header]
    if data_note and not any(("year" in h or "date" in h or "as of" in h) for h in lower):
        problems.append((where, "has no Year (or Date) column; every row of a data note must give its year"))
    return problems


def strongest_authority(tiers: Any) -> str:
    """The strongest of some authority tiers (official > analysis > news); "" when none is known."""
    known = [AUTHORITIES.index(t) for t in tiers if t in AUTHORITIES]
    return AUTHORITIES[min(known)] if known else ""


def front_matter_span(lines: list[str]) -> tuple[int, int]:
    """(index of the closing ``---`` line, index of the first body line) of a file's lines."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i, i + 1
    return 0, 0


def _line_of(lines: list[str], pattern: str, end: int, start: int = 0) -> int | None:
    """The 1-based number of the first line in ``lines[start:end]`` matching ``pattern``."""
    regex = re.compile(pattern)
    for i in range(start, min(end, len(lines))):
        if regex.search(lines[i]):
            return i + 1
    return None


def shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _key_points(value: Any, bad: Any, lines: list[str], front_end: int) -> list[tuple[int | None, str]]:
    """The key points as (line, text), checking their count and that each ends with its markers."""
    if value in (None, "", []):
        return []  # reported as missing with the other required fields
    start = _line_of(lines, r"^key_points:", front_end) or 1
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad("key_points", "must be a list of sentences (strings), each ending with its [^key] marker(s)", start)
        return []
    low, high = KEY_POINTS
    if not low <= len(value) <= high:
        bad("key_points", f"has {len(value)} item(s); write {low} to {high} standalone sentences", start)
    out: list[tuple[int | None, str]] = []
    for i, text in enumerate(value):
        probe = re.escape(" ".join(strip_markers(text).split()[:4]))
        line = _line_of(lines, probe, front_end, start - 1) if probe else None
        out.append((line or start, text.strip()))
        if not ends_with_markers(text):
            bad(f"key_points[{i}]", f"{shorten(text)!r} does not end with a source marker; end it with [^key] "
                "naming the source(s) that state it", line or start)
    return out


def check_markers(path: str, body_lines: list[str], first_line: int, sources: dict[str, int | None],
                  key_points: list[tuple[int | None, str]], *, reviewed: dt.date | None = None) -> list[Problem]:
    """The v2 provenance rules for one note's body (``body_lines``, the first at file index ``first_line``).

    Every prose sentence (bullets included) carries a marker; every table row holds its marker(s) in the Source
    cell; every marker names a source; every source is used; a "no source found by <month>" sentence names the
    month of ``reviewed``. ``sources`` maps each key to the line that declares it.
    """
    problems: list[Problem] = []
    body = "\n".join(body_lines)

    def at(index: int) -> int:
        return first_line + index + 1

    def bad(field_name: str, message: str, line: int | None, *, blocking: bool = True) -> None:
        problems.append(Problem(path, field_name, message, line, blocking))

    for index, sentence in prose_sentences_at(body):
        if not MARKER.search(sentence):
            bad("body", f"sentence {shorten(sentence)!r} has no source marker; end it with [^key] naming the "
                "source(s) that state it", at(index))
        match = _RECORD_LIMIT.search(strip_markers(sentence))
        if match and reviewed is not None:
            month, year = MONTHS.index(match.group(1).lower()) + 1, int(match.group(2))
            if (year, month) != (reviewed.year, reviewed.month):
                named = f"{match.group(1).capitalize()} {year}"
                wanted = f"{MONTHS[reviewed.month - 1].capitalize()} {reviewed.year}"
                bad("body", f"sentence {shorten(sentence)!r} names {named} but the note was reviewed on {reviewed}; "
                    f"check the sources again and write {wanted} (the month of reviewed)", at(index), blocking=False)

    table_number = 0
    row_number = 0
    source_column: int | None = None
    in_table = False
    for index, raw_line in enumerate(body_lines):
        stripped = raw_line.strip()
        if not stripped.startswith("|"):
            in_table = False
            if re.match(r"^#{1,6}\s", stripped) and MARKER.search(stripped):
                bad("body", f"heading {shorten(stripped)!r} carries a marker; headings carry none: move it to the "
                    "sentence it supports", at(index))
            continue
        if not in_table:
            in_table, table_number, row_number = True, table_number + 1, -1
            header = [c.lower() for c in table_cells(stripped)]
            source_column = next((i for i, h in enumerate(header) if "source" in h), None)
            if source_column is None:
                bad(f"body table {table_number}", "has no Source column; add one holding each row's [^key] "
                    "marker(s)", at(index))
            continue
        row_number += 1
        if row_number == 0 or source_column is None:  # the separator row, or a table already reported
            continue
        cells = table_cells(stripped)
        cell = cells[source_column] if source_column < len(cells) else ""
        if not MARKER.search(cell):
            bad(f"body table {table_number} row {row_number}", f"Source cell {shorten(cell, 40)!r} of row "
                f"{shorten(stripped, 60)!r} holds no marker; put the row's [^key] marker(s) there", at(index))

    used: set[str] = set()
    places = [(at(i), text) for i, text in enumerate(body_lines)] + [(line, text) for line, text in key_points]
    for line, text in places:
        for loose in LOOSE_MARKER.finditer(text):
            if not MARKER.fullmatch(loose.group(0)):
                bad("body", f"marker {loose.group(0)!r} is not a source key; write [^key] with a key from "
                    "`sources` (lower-case letters, digits, hyphens)", line)
        for key in marker_keys(text):
            used.add(key)
            if key not in sources:
                known = ", ".join(sorted(sources)) or "none"
                bad("body", f"marker [^{key}] names no source; add a source with key: {key}, or use one of the "
                    f"keys in `sources` ({known})", line)
    for key, line in sources.items():
        if key not in used:
            bad("sources", f"source {key!r} is cited by no marker; cite it where a sentence states what it says, "
                "or remove it", line)
    return sorted(problems, key=lambda p: p.line or 0)


def load_note(path: Path) -> tuple[DocRecord | None, list[Problem]]:
    """Read one note; return the record (None when unusable) and its problems."""
    rel = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(rel, "file", "is not UTF-8 text; save it as UTF-8")]
    except OSError as err:
        return None, [Problem(rel, "file", f"cannot be read ({err.strerror}); check its permissions")]
    try:
        post = frontmatter.loads(raw, handler=_Handler())
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        return None, [Problem(rel, "front matter", f"is not valid YAML{line}; quote strings that contain ':' or '#'")]
    meta: dict[str, Any] = dict(post.metadata)
    if not meta:
        return None, [Problem(rel, "front matter",
                              "is missing; start the file with a --- block (see corpus/README.md)")]
    problems: list[Problem] = []
    raw_lines = raw.splitlines()
    front_end, body_start = front_matter_span(raw_lines)

    def bad(field_name: str, message: str, line: int | None = None, *, blocking: bool = True) -> None:
        problems.append(Problem(rel, field_name, message, line, blocking))

    for name in REQUIRED:
        if meta.get(name) in (None, "", []) and name not in ("minerals", "countries"):
            bad(name, "is missing; add it (see the schema in corpus/README.md)")
        elif name in ("minerals", "countries") and name not in meta:
            bad(name, "is missing; add a list (it may be empty: [])")
    doc_id = str(meta.get("id") or "")
    if doc_id and not SLUG.match(doc_id):
        bad("id", f"{doc_id!r} is not a slug; use lower-case letters, digits and hyphens")
    if doc_id and path.stem != doc_id:
        bad("id", f"{doc_id!r} differs from the file name {path.name!r}; name the file {doc_id}.md")
    kind = meta.get("kind")
    if kind is not None and kind not in KINDS:
        bad("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    authority = meta.get("authority")
    if authority is not None and authority not in AUTHORITIES:
        bad("authority", f"{authority!r} is not one of {', '.join(AUTHORITIES)}")
    summary = str(meta.get("summary") or "").strip()
    if summary and len(split_sentences(summary)) > 1:
        bad("summary", "has more than one sentence; keep it to one", blocking=False)

    for name, vocab in (("minerals", MINERALS), ("countries", None), ("topics", TOPICS)):
        value = meta.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(name, f"must be a list of strings, like [a, b]; got {value!r}")
            continue
        if vocab is not None:
            unknown = sorted(set(value) - vocab)
            if unknown:
                bad(name, f"unknown value(s) {unknown}; use the vocabulary in corpus/README.md", blocking=False)

    sources: list[SourceRef] = []
    source_lines: dict[str, int | None] = {}
    newest: dt.date | None = None
    raw_sources = meta.get("sources")
    if raw_sources is not None and not isinstance(raw_sources, list):
        bad("sources", "must be a list of {key, publisher, title, url, date, authority}")
        raw_sources = []
    for i, src in enumerate(raw_sources or []):
        where = f"sources[{i}]"
        if not isinstance(src, dict):
            bad(where, "must be a mapping with key, publisher, title, url, date and authority")
            continue
        for key in ("key", "publisher", "title", "url", "date", "authority"):
            if not str(src.get(key) or "").strip():
                hint = {"key": "add a short key like usgs-2025 ([a-z0-9-], unique in the note)",
                        "authority": "add official, analysis or news: the tier of this source's own publisher"}
                bad(f"{where}.{key}", f"is missing; {hint.get(key, 'add it')}")
        src_key = str(src.get("key") or "").strip()
        if src_key:
            key_line = _line_of(raw_lines, rf"^\s*-?\s*key:\s*['\"]?{re.escape(src_key)}['\"]?\s*$", front_end)
            if not KEY_PATTERN.match(src_key):
                bad(f"{where}.key", f"{src_key!r} is not a key; use lower-case letters, digits and hyphens", key_line)
            elif src_key in source_lines:
                bad(f"{where}.key", f"{src_key!r} is already the key of another source; give each source its own key",
                    key_line)
            source_lines.setdefault(src_key, key_line)
        src_authority = str(src.get("authority") or "").strip()
        if src_authority and src_authority not in AUTHORITIES:
            bad(f"{where}.authority", f"{src_authority!r} is not one of {', '.join(AUTHORITIES)}")
        if "via" in src and not isinstance(src.get("via"), str):
            bad(f"{where}.via", "must be the name of the site holding the copy (a string), or be left out")
        if src.get("url"):
            reason = _url_problem(src["url"])
            if reason:
                bad(f"{where}.url", reason)
        if src.get("date"):
            date, reason = parse_date(src["date"], allow_partial=True)
            if reason:
                bad(f"{where}.date", reason)
            elif date and (newest is None or date > newest):
                newest = date
        sources.append(SourceRef(str(src.get("publisher", "")), str(src.get("title", "")), str(src.get("url", "")),
                                 _iso(src.get("date", "")), key=src_key, authority=src_authority,
                                 via=str(src.get("via") or "").strip()))
    derived = strongest_authority(s.authority for s in sources)
    if authority in AUTHORITIES and derived and authority != derived:
        bad("authority", f"{authority!r} differs from the strongest source's tier ({derived!r}); delete the field: "
            "a note's authority is derived from its sources")

    dates: dict[str, dt.date] = {}
    for name in ("published", "as_of", "reviewed"):
        if meta.get(name) in (None, ""):
            continue
        date, reason = parse_date(meta[name], allow_partial=name == "published")
        if reason:
            bad(name, reason)
        elif date:
            dates[name] = date
            if date > dt.date.today():
                bad(name, f"{date} is in the future; use the real date")
    if "published" in dates and newest and dates["published"] < newest:
        bad("published", f"{dates['published']} is older than the newest source ({newest}); set it to {newest}")
    if "published" in dates and "as_of" in dates and dates["as_of"] < dates["published"]:
        bad("as_of", f"{dates['as_of']} is older than published ({dates['published']}); as_of cannot predate sources")

    body = post.content
    word_count = len(re.findall(r"\S+", strip_markers(re.sub(r"^\|.*$", "", body, flags=re.MULTILINE))))
    if isinstance(kind, str) and kind in WORDS and not WORDS[kind][0] <= word_count <= WORDS[kind][1]:
        low, high = WORDS[kind]
        bad("body", f"has {word_count} words; {'an' if kind == 'explainer' else 'a'} {kind.replace('-', ' ')} has "
            f"{low}-{high}", blocking=False)
    if kind == "explainer":
        sections = len(re.findall(r"^## \S", body, flags=re.MULTILINE))
        if sections < EXPLAINER_SECTIONS:
            bad("body", f"has {sections} `## ` section(s); an explainer has one `## ` section per aspect (at least "
                f"{EXPLAINER_SECTIONS}), each heading saying what the aspect is")
    tables = split_tables(body)
    if kind == "data-note" and not tables:
        bad("body", "has no Markdown table; a data note holds its figures in tables")
    for number, table in enumerate(tables, start=1):
        for where, message in _check_table(table, number, data_note=kind == "data-note"):
            bad(f"body {where}", message)
    if not body.strip():
        bad("body", "is empty; write the note below the front matter")

    key_points = _key_points(meta.get("key_points"), bad, raw_lines, front_end)
    if summary and MARKER.search(summary):
        bad("summary", "carries source markers; remove them (the summary carries none)")
    reviewed = dates.get("reviewed")
    for problem in check_markers(rel, raw_lines[body_start:], body_start, source_lines, key_points,
                                 reviewed=reviewed):
        problems.append(problem)

    record = DocRecord(
        doc_id=doc_id or path.stem,
        title=str(meta.get("title") or path.stem),
        path=rel,
        text=body,
        kind=str(kind or "document"),
        summary=summary,
        sources=sources,
        published=_iso(meta.get("published", "")),
        as_of=_iso(meta.get("as_of", "")),
        minerals=[str(v) for v in meta.get("minerals") or []] if isinstance(meta.get("minerals"), list) else [],
        countries=[str(v) for v in meta.get("countries") or []] if isinstance(meta.get("countries"), list) else [],
        topics=[str(v) for v in meta.get("topics") or []] if isinstance(meta.get("topics"), list) else [],
        authority=derived or (str(authority) if authority in AUTHORITIES else ""),
        key_points=[text for _, text in key_points],
        reviewed=_iso(meta.get("reviewed", "")),
    )
    return record, problems


def note_paths(directory: Path) -> list[Path]:
    """The notes of a corpus folder: every Markdown file except READMEs."""
    return sorted(p for p in directory.rglob("*.md") if p.name.lower() != "readme.md")


def check_corpus(directory: Path) -> CheckReport:
    """Validate every note under ``directory``."""
    report = CheckReport()
    if not directory.is_dir():
        report.problems.append(Problem(str(directory), "corpus", "is not a folder; pass the corpus folder"))
        return report
    seen: dict[str, str] = {}
    for path in note_paths(directory):
        record, problems = load_note(path)
        report.problems.extend(problems)
        if record is None:
            continue
        report.notes += 1
        report.kinds[record.kind] += 1
        report.sources += len(record.sources)
        if record.doc_id in seen:
            report.problems.append(Problem(str(path), "id",
                                           f"{record.doc_id!r} is already used by {seen[record.doc_id]}; "
                                           "give each note its own id"))
        seen.setdefault(record.doc_id, str(path))
        report.newest_as_of = max(report.newest_as_of, record.as_of)
    if report.notes == 0 and not report.problems:
        report.problems.append(Problem(str(directory), "corpus",
                                       "holds no notes (*.md); add notes or pass another folder"))
    return report
