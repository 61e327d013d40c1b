"""Read corpus files of each supported format into ``DocRecord``s.

Markdown with front matter uses the note schema, and a note that fails a blocking rule of ``corpus check`` is refused
(ingest then keeps its previous passages); plain text, HTML (main text via trafilatura) and PDF (pypdf, page numbers
kept) get derived metadata and one source, the document itself (key ``doc``), which every sentence cites. A file that
cannot be read raises ``CorpusError`` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from .corpus import load_note
from .errors import CorpusError
from .types import DocRecord, SourceRef

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_KEY = "doc"  # the source key of a document without front matter: the document itself


def _document(path: Path, title: str, text: str, pages: list[tuple[int, int]] | None = None) -> DocRecord:
    """A record for a file without front matter; its one source is the file (authority unknown: "")."""
    source = SourceRef(publisher=title or path.name, title=title or path.name, url=path.name, date="",
                       key=DOCUMENT_KEY)
    return DocRecord(doc_id=derived_id(path), title=title, path=str(path), text=text, sources=[source],
                     pages=pages or [])


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "document"


def derived_id(path: Path) -> str:
    """A stable id for a file without front matter: its name, plus a short hash of its path to keep ids unique."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]
    return f"{slugify(path.stem)}-{digest}"


def _title_from(text: str, path: Path) -> str:
    match = re.search(r"^\s*#{1,3}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    if match:
        return match.group(1).strip()
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or path.name


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{path}: looks binary (it holds NUL bytes); only text, Markdown, HTML and PDF are read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{path}: is not UTF-8 text (byte {err.start}); re-save it as UTF-8") from err


def load_markdown(path: Path) -> DocRecord:
    text = _read_text(path)
    if text.lstrip().startswith("---"):
        record, problems = load_note(path)
        if record is None:
            raise CorpusError("; ".join(str(p) for p in problems))
        blocking = [p for p in problems if p.blocking]
        if blocking:
            first = blocking[0]
            where = f" (line {first.line})" if first.line else ""
            more = f", and {len(blocking) - 1} more problem(s)" if len(blocking) > 1 else ""
            raise CorpusError(f"{path}: note {record.doc_id!r} fails the corpus check: {first.field}{where}: "
                              f"{first.message}{more}; run `assistant corpus check` and fix every line (the note's "
                              "previously indexed passages are kept)")
        if not (record.doc_id and record.title):
            raise CorpusError(f"{path}: front matter needs at least id and title")
        if not record.text.strip():
            raise CorpusError(f"{path}: has no text below its front matter")
        return record
    return _document(path, _title_from(text, path), text)


def load_text(path: Path) -> DocRecord:
    text = _read_text(path)
    return _document(path, _title_from(text, path), text)


def load_html(path: Path) -> DocRecord:
    import trafilatura

    html = _read_text(path)
    text = trafilatura.extract(html, output_format="markdown", include_tables=True, include_comments=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else None) or _title_from(text, path)
    return _document(path, title, text)


def load_pdf(path: Path) -> DocRecord:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        parts: list[str] = []
        pages: list[tuple[int, int]] = []
        offset = 0
        for number, page in enumerate(reader.pages, start=1):
            page_text = (page.extract_text() or "").strip()
            if not page_text:
                continue
            pages.append((offset, number))
            parts.append(page_text)
            offset += len(page_text) + 2
    except (PdfReadError, ValueError, KeyError, OSError) as err:
        raise CorpusError(f"{path}: is not a readable PDF ({err}); re-export it or remove it") from err
    title = ""
    if reader.metadata and reader.metadata.title:
        title = str(reader.metadata.title)
    text = "\n\n".join(parts)
    return _document(path, title or _title_from(text, path), text, pages)


LOADERS = {"markdown": load_markdown, "text": load_text, "html": load_html, "pdf": load_pdf}


def load_file(path: Path, *, max_bytes: int = MAX_BYTES) -> DocRecord:
    """Load one file, or raise ``CorpusError`` saying why it was skipped (files over ``max_bytes`` included)."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(f"{path}: unsupported file type {path.suffix!r}; use .md, .txt, .html or .pdf")
    try:
        size = path.stat().st_size
    except OSError as err:
        if path.is_symlink():
            raise CorpusError(f"{path}: is a broken link (its target does not exist); fix or remove it") from err
        raise CorpusError(f"{path}: cannot be read ({err.strerror})") from err
    if size == 0:
        raise CorpusError(f"{path}: is empty")
    if size > max_bytes:
        raise CorpusError(f"{path}: is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:g} MB limit "
                          "(ASSISTANT_MAX_FILE_MB); split it or raise the limit")
    try:
        record = LOADERS[kind](path)
    except PermissionError as err:
        raise CorpusError(f"{path}: cannot be read ({err.strerror}); check its permissions") from err
    except OSError as err:
        raise CorpusError(f"{path}: cannot be read ({err.strerror or err})") from err
    if not record.text.strip():
        raise CorpusError(f"{path}: holds no text that could be extracted")
    try:  # YAML escapes such as "\ud800" decode to lone surrogates, which no UTF-8 store accepts
        json.dumps(asdict(record), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as err:
        raise CorpusError(f"{path}: holds characters that are not valid Unicode ({err.reason}, probably an escape "
                          "such as \\ud800 in the front matter); fix or remove them") from err
    return record


def _unreadable_entry(path: Path) -> bool:
    """A broken link, or a folder named like a note: listed so that ingest warns about it instead of ignoring it."""
    if path.suffix.lower() not in SUPPORTED:
        return False
    return (path.is_symlink() and not path.exists()) or path.is_dir()


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every supported file under the given files and folders (READMEs excluded), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for candidate in path.rglob("*"):
                if (candidate.is_file() or _unreadable_entry(candidate)) and \
                        candidate.name.lower() not in ("readme.md", "readme.txt") and \
                        not any(part.startswith(".") for part in candidate.relative_to(path).parts):
                    found.add(candidate)
        elif path.exists():
            found.add(path)
        else:
            raise CorpusError(f"{path}: no such file or folder; check the path")
    return sorted(found)
