"""Split a document into passages: along Markdown headings, then by size, keeping a table's header row with every
piece of the table. Each chunk also carries its evidence sentences (prose sentences and table rows as sentences),
which the answerer quotes, and each sentence's source keys (its ``[^key]`` markers; a table row's come from its
Source cell). Markers are stripped from what is embedded, stored and shown. A note's key points become one more
passage, headed "Key points". Chunk ids are content hashes, so unchanged text keeps its id across ingests.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from typing import Any

from langchain_text_splitters import (
    MarkdownHeaderTextSplitter,
    RecursiveCharacterTextSplitter,
)

from .corpus import table_cells
from .datatables import TypedTable, type_table
from .datatables import dumps as dump_tables
from .markers import MARKER, split_marked, strip_markers
from .text import prose_paragraphs, split_sentences
from .types import Chunk, DocRecord

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
KEY_POINTS_HEADING = "Key points"


def slug_key(prefix: str, value: str) -> str:
    return prefix + re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def date_int(value: str) -> int:
    digits = re.sub(r"[^0-9]", "", value)[:8]
    return int(digits.ljust(8, "0")) if digits else 0


def doc_metadata(doc: DocRecord) -> dict[str, Any]:
    """Flat, Chroma-friendly metadata of a document. Lists become boolean keys (``m_gallium``) for native filters."""
    meta: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "path": doc.path,
        "kind": doc.kind,
        "authority": doc.authority,
        "summary": doc.summary,
        "published": doc.published,
        "published_int": date_int(doc.published),
        "as_of": doc.as_of,
        "sources_json": json.dumps([asdict(s) for s in doc.sources], ensure_ascii=False),
        "reviewed": doc.reviewed,
        "minerals": "|".join(doc.minerals),
        "countries": "|".join(doc.countries),
        "topics": "|".join(doc.topics),
    }
    for prefix, values in (("m_", doc.minerals), ("c_", doc.countries), ("t_", doc.topics)):
        for value in values:
            meta[slug_key(prefix, value)] = True
    return meta


def _blocks(section: str) -> list[tuple[str, str]]:
    """A section's blocks in order: ("table", text) or ("prose", text)."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    current_kind = "prose"
    for line in section.splitlines():
        kind = "table" if line.strip().startswith("|") else "prose"
        if kind != current_kind or (kind == "prose" and not line.strip()):
            if any(x.strip() for x in current):
                blocks.append((current_kind, "\n".join(current).strip()))
            current = []
            current_kind = kind
        if line.strip():
            current.append(line)
    if any(x.strip() for x in current):
        blocks.append((current_kind, "\n".join(current).strip()))
    return blocks


def _split_table(table: str, size: int) -> list[str]:
    lines = table.splitlines()
    if len(table) <= size or len(lines) <= 3:
        return [table]
    head, rows = lines[:2], lines[2:]
    pieces, current = [], list(head)
    for row in rows:
        if len("\n".join(current + [row])) > size and len(current) > 2:
            pieces.append("\n".join(current))
            current = list(head)
        current.append(row)
    pieces.append("\n".join(current))
    return pieces


def _publishers(keys: list[str], publishers: dict[str, str]) -> str:
    return ", ".join(dict.fromkeys(publishers.get(k, k) for k in keys))


def table_rows(table: str, heading: str, publishers: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """Each data row as a self-describing sentence, 'Heading: Col: value; Col: value.', with the source keys of its
    markers. A cell holding markers shows the publishers they name (``publishers``: key -> publisher)."""
    lines = [ln for ln in table.splitlines() if ln.strip()]
    if len(lines) < 3:
        return []
    header = table_cells(lines[0])
    out = []
    for row in lines[2:]:
        cells = table_cells(row)
        keys = list(dict.fromkeys(MARKER.findall(row)))
        pairs = []
        for h, c in zip(header, cells, strict=False):
            cell_keys = MARKER.findall(c)
            if cell_keys:
                c = strip_markers(c).strip(" ;,") or _publishers(cell_keys, publishers or {})
            if c and c not in ("-", "—"):
                pairs.append(f"{h}: {c}")
        if pairs:
            prefix = f"{heading}: " if heading else ""
            out.append((prefix + "; ".join(pairs) + ".", keys))
    return out


def _row_is_kept(table: str, line: str, heading: str, publishers: dict[str, str]) -> bool:
    """Whether ``table_rows`` makes a sentence of this row (so typed rows and sentences stay aligned)."""
    head = [ln for ln in table.splitlines() if ln.strip()][:2]
    return bool(table_rows("\n".join([*head, line]), heading, publishers))


def table_sentences(table: str, heading: str, publishers: dict[str, str] | None = None) -> list[str]:
    """Each data row as a self-describing sentence: 'Heading: Col: value; Col: value.'"""
    return [sentence for sentence, _ in table_rows(table, heading, publishers)]


def prose_rows(text: str) -> list[tuple[str, list[str]]]:
    """The evidence sentences of prose, without markers, each with the source keys its markers name."""
    out = []
    for paragraph, _ in prose_paragraphs(text):
        for sentence in split_sentences(paragraph):
            clean, keys = split_marked(sentence)
            if len(clean.split()) >= 4:
                out.append((clean, keys))
    return out


def prose_sentences(text: str) -> list[str]:
    return [sentence for sentence, _ in prose_rows(text)]


def passage_text(piece: str, publishers: dict[str, str]) -> str:
    """What a passage shows and embeds: its text without markers; a table's Source cells name the publishers."""
    lines = []
    for line in piece.splitlines():
        if line.strip().startswith("|") and MARKER.search(line):
            line = MARKER.sub(lambda m: "\x00" + m.group(1) + "\x00", line)
            line = re.sub(r"(?:\x00[a-z0-9-]+\x00[\s,;]*)+",
                          lambda m: _publishers(re.findall(r"\x00([a-z0-9-]+)\x00", m.group(0)), publishers)
                          + (" " if m.group(0).endswith(" ") else ""), line)
        lines.append(strip_markers(line))
    return "\n".join(lines)


class Chunker:
    """Splits documents into chunks.

    >>> doc = DocRecord(doc_id="d", title="T", path="d.md", text="## A\\n\\nOne two three four.")
    >>> Chunker(size=800).split(doc)[0].heading
    'A'
    """

    def __init__(self, size: int = 1200, overlap: int = 0) -> None:
        if size < 100:
            raise ValueError(f"chunk size {size} is too small; use at least 100 characters")
        if overlap >= size:
            raise ValueError(f"chunk overlap {overlap} must be smaller than the chunk size {size}")
        self.size = size
        self._headers = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True)
        self._prose = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap,
                                                     separators=["\n\n", "\n", ". ", "; ", ", ", " "])

    def _split_prose(self, block: str) -> list[str]:
        """A prose block cut at line and sentence ends (markers stay with their sentence) into parts that fit."""
        if len(block) <= self.size:
            return [block]
        units: list[str] = []
        for line in block.splitlines():
            for sentence in [line] if len(line) <= self.size else split_sentences(line):
                units += [sentence] if len(sentence) <= self.size else self._prose.split_text(sentence)
        parts: list[str] = []
        for unit in units:
            if parts and len(parts[-1]) + len(unit) + 1 <= self.size:
                parts[-1] += "\n" + unit
            else:
                parts.append(unit)
        return parts

    def _pieces(self, body: str) -> list[str]:
        """Pack a section's blocks into pieces of at most ``size`` characters."""
        pieces: list[str] = []
        current = ""
        for kind, block in _blocks(body):
            parts = _split_table(block, self.size) if kind == "table" else self._split_prose(block)
            for part in parts:
                if current and len(current) + len(part) + 2 > self.size:
                    pieces.append(current)
                    current = ""
                current = f"{current}\n\n{part}" if current else part
        if current:
            pieces.append(current)
        return pieces

    def split(self, doc: DocRecord) -> list[Chunk]:
        base = doc_metadata(doc)
        publishers = {s.key: s.publisher for s in doc.sources if s.key}
        # a document without front matter has one source, itself (see loaders.py): every sentence cites it
        default = [s.key for s in doc.sources if s.key] if doc.kind == "document" else []
        sections = self._headers.split_text(doc.text) if doc.text.strip() else []
        chunks: list[Chunk] = []
        seen: set[str] = set()

        def add(heading: str, text: str, rows: list[tuple[str, list[str]]], page: int | None, section: str,
                tables: list[tuple[TypedTable, int]] | None = None) -> None:
            sentences = [sentence for sentence, _ in rows]
            sources = [keys or list(default) for _, keys in rows]
            meta = dict(base, heading=heading, page=page if page is not None else -1, section=section)
            # the sentences and their sources are part of what is stored, so a change in either changes the id too
            stored: list[Any] = [doc.doc_id, heading, text, base, page, sentences, sources]
            if tables:  # typed rows too (only where there are tables, so other chunks keep their ids)
                meta["tables_json"] = dump_tables(tables)
                stored.append(meta["tables_json"])
            payload = json.dumps(stored, sort_keys=True, ensure_ascii=False)
            chunk_id = hashlib.sha256(payload.encode()).hexdigest()[:32]
            if chunk_id in seen:
                return
            seen.add(chunk_id)
            meta["position"] = len(chunks)
            meta["n_sentences"] = len(sentences)
            meta["sentence_sources"] = json.dumps(sources)
            chunks.append(Chunk(chunk_id, doc.doc_id, text, heading, len(chunks), sentences, meta, sources))

        for section in sections:
            headings = [section.metadata[k] for _, k in _HEADERS if k in section.metadata]
            if headings and headings[0] == doc.title:
                headings = headings[1:]
            heading = " > ".join(headings)
            for piece in self._pieces(section.page_content):
                rows: list[tuple[str, list[str]]] = []
                tables: list[tuple[TypedTable, int]] = []
                for kind, block in _blocks(piece):
                    if kind == "table":
                        typed = type_table(block, lambda line, b=block, h=heading: _row_is_kept(b, line, h, publishers))
                        if typed is not None:
                            tables.append((typed, len(rows)))
                        rows += table_rows(block, heading, publishers)
                    else:
                        rows += prose_rows(block)
                add(heading, passage_text(piece, publishers), rows, self._page_of(doc, piece), "body", tables)
        points = [split_marked(point) for point in doc.key_points]
        if points:
            add(KEY_POINTS_HEADING, "\n".join(f"- {text}" for text, _ in points), points, None, "key_points")
        return chunks

    @staticmethod
    def _page_of(doc: DocRecord, piece: str) -> int | None:
        """The PDF page a piece starts on, matched on whitespace-folded text (splitters rewrite blank lines)."""
        if not doc.pages:
            return None
        probe = re.sub(r"\s+", " ", piece).strip()[:60]
        folded_pages = []
        for i, (offset, number) in enumerate(doc.pages):
            end = doc.pages[i + 1][0] if i + 1 < len(doc.pages) else len(doc.text)
            folded_pages.append((re.sub(r"\s+", " ", doc.text[offset:end]).strip(), number))
        for text, number in folded_pages:
            if probe and probe in text:
                return number
        joined = ""
        starts = []
        for text, number in folded_pages:
            starts.append((len(joined), number))
            joined += text + " "
        at = joined.find(probe)
        if at < 0:
            return None
        return max((n for start, n in starts if start <= at), default=doc.pages[0][1])


def embedding_text(chunk: Chunk) -> str:
    """What is embedded and indexed for a chunk: the document title and section heading give it context."""
    title = chunk.metadata.get("title", "")
    head = f"{title}. {chunk.heading}." if chunk.heading else f"{title}."
    return f"{head}\n{chunk.text}"
