"""The corpus schema: read a note's front matter into a record, and check a whole corpus against the rules.

Every problem is reported as one line naming the file, the field, what is wrong and how to fix it.
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

from .text import split_sentences
from .types import DocRecord, SourceRef

KINDS = ("policy-note", "data-note")
AUTHORITIES = ("official", "analysis", "news")
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
REQUIRED = ("id", "title", "kind", "summary", "sources", "published", "as_of", "minerals", "countries", "topics",
            "authority")
POLICY_WORDS = (150, 900)
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
    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


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
    if data_note and not any("source" in h for h in lower):
        problems.append((where, "has no Source column; every row of a data note must name its source"))
    if data_note and not any(("year" in h or "date" in h or "as of" in h) for h in lower):
        problems.append((where, "has no Year (or Date) column; every row of a data note must give its year"))
    return problems


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

    def bad(field_name: str, message: str) -> None:
        problems.append(Problem(rel, field_name, message))

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
        bad("summary", "has more than one sentence; keep it to one")

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
                bad(name, f"unknown value(s) {unknown}; use the vocabulary in corpus/README.md")

    sources: list[SourceRef] = []
    newest: dt.date | None = None
    raw_sources = meta.get("sources")
    if raw_sources is not None and not isinstance(raw_sources, list):
        bad("sources", "must be a list of {publisher, title, url, date}")
        raw_sources = []
    for i, src in enumerate(raw_sources or []):
        where = f"sources[{i}]"
        if not isinstance(src, dict):
            bad(where, "must be a mapping with publisher, title, url and date")
            continue
        for key in ("publisher", "title", "url", "date"):
            if not str(src.get(key) or "").strip():
                bad(f"{where}.{key}", "is missing; add it")
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
                                 _iso(src.get("date", ""))))

    dates: dict[str, dt.date] = {}
    for name in ("published", "as_of"):
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
    word_count = len(re.findall(r"\S+", re.sub(r"^\|.*$", "", body, flags=re.MULTILINE)))
    if kind == "policy-note" and not POLICY_WORDS[0] <= word_count <= POLICY_WORDS[1]:
        bad("body", f"has {word_count} words; a policy note has {POLICY_WORDS[0]}-{POLICY_WORDS[1]}")
    tables = split_tables(body)
    if kind == "data-note" and not tables:
        bad("body", "has no Markdown table; a data note holds its figures in tables")
    for number, table in enumerate(tables, start=1):
        for where, message in _check_table(table, number, data_note=kind == "data-note"):
            bad(f"body {where}", message)
    if not body.strip():
        bad("body", "is empty; write the note below the front matter")

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
        minerals=[str(v) for v in meta.get("minerals") or [] if isinstance(meta.get("minerals"), list)],
        countries=[str(v) for v in meta.get("countries") or [] if isinstance(meta.get("countries"), list)],
        topics=[str(v) for v in meta.get("topics") or [] if isinstance(meta.get("topics"), list)],
        authority=str(authority or ""),
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
