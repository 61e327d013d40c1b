"""Small records passed between the parts, and the Protocols that mark swap points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .inputs import CleanText

Authority = Literal["official", "analysis", "news"]
Kind = Literal["policy-note", "data-note", "explainer", "document"]


@dataclass(frozen=True)
class SourceRef:
    """One public source behind a note, named in the note's body by its ``key`` (``[^key]`` markers).

    ``publisher`` is the original publisher of what the sentences state, ``authority`` that publisher's own tier
    (official, analysis or news), ``via`` the site that holds the stored copy when it is a repost or summary.
    """

    publisher: str
    title: str
    url: str
    date: str
    key: str = ""
    authority: str = ""
    via: str = ""


@dataclass
class DocRecord:
    """One corpus file, loaded: its text and its metadata (from front matter, or derived)."""

    doc_id: str
    title: str
    path: str
    text: str
    kind: str = "document"
    summary: str = ""
    sources: list[SourceRef] = field(default_factory=list)
    published: str = ""
    as_of: str = ""
    minerals: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    authority: str = ""  # derived: the strongest tier among the sources
    pages: list[tuple[int, int]] = field(default_factory=list)  # (char offset, page number) for PDFs
    key_points: list[str] = field(default_factory=list)  # as written, each ending with its [^key] markers
    reviewed: str = ""  # YYYY-MM-DD: when a person last checked the note against its sources


@dataclass
class Chunk:
    """A passage of a document: one section (or part of one), with its evidence sentences.

    ``sentence_sources[i]`` holds the source keys (``SourceRef.key``) that sentence ``i`` cites; text and sentences
    carry no markers.
    """

    chunk_id: str
    doc_id: str
    text: str
    heading: str
    position: int
    sentences: list[str]
    metadata: dict[str, Any]
    sentence_sources: list[list[str]] = field(default_factory=list)


@dataclass
class Hit:
    """A retrieved passage with its fused score and the ranks each retriever gave it."""

    chunk_id: str
    doc_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_similarity: float | None = None


@dataclass
class Citation:
    """One numbered reference of an answer: the cited source (``source_key`` in the note's ``sources``), its
    publisher, the site it was read on (``via``, when a repost) and its own ``authority`` tier."""

    n: int
    doc_id: str
    title: str
    publisher: str
    url: str
    published: str
    quote: str
    score: float
    source_title: str = ""
    authority: str = ""
    kind: str = ""
    as_of: str = ""
    page: int | None = None
    via: str = ""  # the site that reposted or summarised the source, when the stored page is not the original
    source_key: str = ""  # the source's key within its note

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "published": self.published,
            "quote": self.quote,
            "score": round(self.score, 4),
            "source_title": self.source_title,
            "authority": self.authority,
            "kind": self.kind,
            "as_of": self.as_of,
            "page": self.page,
            "via": self.via,
            "source_key": self.source_key,
        }


@dataclass
class AnswerSentence:
    text: str
    citations: list[int]


@dataclass
class Answer:
    """What the assistant says: Markdown whose sentences end in ``[n]``, its blocks, and the numbered citations.

    ``blocks`` is the same answer as data, in order: ``{"type": "lead", "text", "citations"}``,
    ``{"type": "bullets", "items": [{"text", "citations"}]}``, ``{"type": "table", "columns", "rows": [{"cells",
    "citations"}]}`` and ``{"type": "read_more", "notes": [{"doc_id", "title", "as_of"}]}``.
    """

    question: str
    text: str
    sentences: list[AnswerSentence]
    citations: list[Citation]
    abstained: bool
    searched: str
    nearest: list[dict[str, Any]] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"
    retrieved: list[str] = field(default_factory=list)  # document ids in rank order
    confidence: float = 0.0  # score of the best evidence sentence
    unsupported: list[str] = field(default_factory=list)  # sentences (as in ``text``, without [n]) not verified
    notice: str = ""  # e.g. "the language model was unreachable; this is the extractive answer"
    passages: list[Hit] = field(default_factory=list, repr=False)  # what the answer was composed from (not served)
    answer_type: str = "factoid"  # factoid | explanation | list | comparison | trend | abstention
    blocks: list[dict[str, Any]] = field(default_factory=list)
    abstain_reason: str = ""  # an AbstainReason value when abstained

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "searched": self.searched,
            "nearest": self.nearest,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "mode": self.mode,
            "confidence": round(self.confidence, 4),
            "unsupported": list(self.unsupported),
            "notice": self.notice,
            "answer_type": self.answer_type,
            "blocks": self.blocks,
            "abstain_reason": self.abstain_reason,
        }


class Turn(BaseModel):
    """One message of the conversation so far."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: CleanText = Field(max_length=20_000)


class Filters(BaseModel):
    """Metadata filters. Lists match when a note has any of the values.

    >>> Filters(minerals=["gallium"], published_from="2025-01-01").minerals
    ['gallium']
    """

    model_config = ConfigDict(extra="forbid")

    minerals: list[CleanText] | None = None
    countries: list[CleanText] | None = None
    kind: list[CleanText] | None = None
    authority: list[CleanText] | None = None
    doc_id: list[CleanText] | None = None
    topics: list[CleanText] | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None

    @field_validator("minerals", "countries", "kind", "authority", "doc_id", "topics", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        return value or None

    @model_validator(mode="after")
    def _range(self) -> Filters:
        if self.published_from and self.published_to and self.published_from > self.published_to:
            raise ValueError(
                f"published_from ({self.published_from}) is after published_to ({self.published_to}); swap them"
            )
        return self

    def is_empty(self) -> bool:
        return not any(v for v in self.model_dump().values())

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.model_dump(exclude_none=True).items()]
        return ", ".join(parts)


class Embedder(Protocol):
    """Turns text into normalised vectors."""

    model_name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...
