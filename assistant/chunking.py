"""Split a document into passages: along Markdown headings, then by size, keeping a table's header row with every
piece of the table. Each chunk also carries its evidence sentences (prose sentences and table rows as sentences),
which the answerer quotes. Chunk ids are content hashes, so unchanged text keeps its id across ingests.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from langchain_text_splitters import (
    MarkdownHeaderTextSplitter,
    RecursiveCharacterTextSplitter,
)

from .corpus import table_cells
from .text import split_sentences
from .types import Chunk, DocRecord

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]


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
        "sources_json": json.dumps([s.__dict__ for s in doc.sources], ensure_ascii=False),
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


def table_sentences(table: str, heading: str) -> list[str]:
    """Each data row as a self-describing sentence: 'Heading: Col: value; Col: value.'"""
    lines = [ln for ln in table.splitlines() if ln.strip()]
    if len(lines) < 3:
        return []
    header = table_cells(lines[0])
    out = []
    for row in lines[2:]:
        cells = table_cells(row)
        pairs = [f"{h}: {c}" for h, c in zip(header, cells, strict=False) if c and c not in ("-", "—")]
        if pairs:
            prefix = f"{heading}: " if heading else ""
            out.append(prefix + "; ".join(pairs) + ".")
    return out


_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _paragraphs(text: str) -> list[str]:
    """Lines joined into paragraphs and list items: a line wrapped inside a paragraph does not end a sentence."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip():
            blocks.append([])
        elif _ITEM.match(line) or line.lstrip().startswith("#") or not blocks:
            blocks.append([line.strip()])
        else:
            blocks[-1].append(line.strip())
    return [" ".join(b) for b in blocks if b]


def prose_sentences(text: str) -> list[str]:
    out = []
    for line in _paragraphs(text):
        line = _ITEM.sub("", line)  # bullets
        line = re.sub(r"\*\*|__|`", "", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)  # links -> their text
        for sentence in split_sentences(line):
            if len(sentence.split()) >= 4:
                out.append(sentence)
    return out


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

    def _pieces(self, body: str) -> list[str]:
        """Pack a section's blocks into pieces of at most ``size`` characters."""
        pieces: list[str] = []
        current = ""
        for kind, block in _blocks(body):
            parts = _split_table(block, self.size) if kind == "table" else (
                [block] if len(block) <= self.size else self._prose.split_text(block))
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
        sections = self._headers.split_text(doc.text) if doc.text.strip() else []
        chunks: list[Chunk] = []
        seen: set[str] = set()
        for section in sections:
            headings = [section.metadata[k] for _, k in _HEADERS if k in section.metadata]
            if headings and headings[0] == doc.title:
                headings = headings[1:]
            heading = " > ".join(headings)
            for piece in self._pieces(section.page_content):
                sentences: list[str] = []
                for kind, block in _blocks(piece):
                    sentences += table_sentences(block, heading) if kind == "table" else prose_sentences(block)
                page = self._page_of(doc, piece)
                meta = dict(base, heading=heading, page=page if page is not None else -1)
                # the sentences are part of what is stored, so a change in how text is split changes the id too
                payload = json.dumps([doc.doc_id, heading, piece, base, page, sentences], sort_keys=True,
                                     ensure_ascii=False)
                chunk_id = hashlib.sha256(payload.encode()).hexdigest()[:32]
                if chunk_id in seen:
                    continue
                seen.add(chunk_id)
                meta["position"] = len(chunks)
                meta["n_sentences"] = len(sentences)
                chunks.append(Chunk(chunk_id, doc.doc_id, piece, heading, len(chunks), sentences, meta))
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
