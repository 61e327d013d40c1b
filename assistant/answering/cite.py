"""Citations from a sentence's own source keys, shared by the extractive and the LLM paths.

Every sentence of a note names the source(s) that state it (``[^key]`` markers, kept at ingest as the passage's
``sentence_sources``); a citation is that source, with its own publisher, date, authority tier and ``via``. Nothing
is guessed from publisher names, and nothing falls back to a note's first source.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..types import Citation, Hit


def note_sources(meta: Mapping[str, Any]) -> list[dict[str, str]]:
    """The note's sources, as stored with each of its passages (``sources_json``)."""
    stored = meta.get("sources_json") or "[]"
    return [dict(s) for s in _parsed_sources(stored)] if isinstance(stored, str) else []


@functools.lru_cache(maxsize=512)  # every sentence of a passage carries its note's sources: parse each note's once
def _parsed_sources(stored: str) -> tuple[dict[str, str], ...]:
    try:
        sources = json.loads(stored)
    except json.JSONDecodeError:
        return ()
    return tuple(s for s in sources if isinstance(s, dict)) if isinstance(sources, list) else ()


def sources_for(meta: Mapping[str, Any], keys: list[str]) -> list[dict[str, str]]:
    """The note's source entries a sentence names, in the order it names them."""
    by_key = {str(s.get("key", "")): s for s in note_sources(meta)}
    return [by_key[k] for k in keys if k in by_key]


@dataclass
class Citations:
    """Numbers citations as sentences are added: one number per (note, source), the quotes gathered under it.

    >>> book = Citations()
    >>> book.add(hit, "China refined 90% of X in 2024.", ["iea-2024"], score=0.7)   # doctest: +SKIP
    [1]
    """

    items: list[Citation] = field(default_factory=list)
    _by_key: dict[tuple[str, str], Citation] = field(default_factory=dict)

    def add(self, hit: Hit, text: str, keys: list[str], *, score: float = 0.0) -> list[int]:
        """Cite a sentence of ``hit`` by its source keys; returns the citation numbers (one per source)."""
        meta = hit.metadata
        sources = sources_for(meta, keys)
        if not sources:  # a passage indexed without keys: cite the note itself, with no source to name
            sources = [{"key": "", "publisher": "", "url": "", "date": str(meta.get("published", "")),
                        "title": "", "authority": str(meta.get("authority", "")), "via": ""}]
        numbers = []
        for source in sources:
            key = (hit.doc_id, str(source.get("key") or source.get("url") or ""))
            citation = self._by_key.get(key)
            if citation is None:
                page = meta.get("page")
                citation = Citation(
                    n=len(self.items) + 1, doc_id=hit.doc_id, title=str(meta.get("title", "")),
                    publisher=str(source.get("publisher", "")), url=str(source.get("url", "")),
                    published=str(source.get("date") or meta.get("published", "")), quote=text, score=score,
                    source_title=str(source.get("title", "")), authority=str(source.get("authority") or ""),
                    kind=str(meta.get("kind", "")), as_of=str(meta.get("as_of", "")),
                    page=int(page) if isinstance(page, int) and page >= 0 else None,
                    via=str(source.get("via") or ""), source_key=str(source.get("key") or ""))
                self._by_key[key] = citation
                self.items.append(citation)
            elif text not in citation.quote:
                citation.quote += " … " + text
                citation.score = max(citation.score, score)
            numbers.append(citation.n)
        return numbers
