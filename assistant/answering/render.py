"""A plan -> the cited answer: numbered citations, API blocks, and the same answer as Markdown."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..types import Answer, AnswerSentence, Hit
from .charts import chart_blocks
from .cite import Citations
from .evidence import Evidence
from .plans import Plan, trim
from .plans.shapes import TablePick


def _marks(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("|", "/")).strip() or "–"


def read_more(hits: list[Hit], n: int, cited: Counter[str] | None = None) -> list[dict[str, str]]:
    """Up to ``n`` related notes, with their as-of dates: those the answer quotes most first (``cited``: sentences
    quoted by note), then explainers, then in the order retrieval ranked them."""
    cited = cited or Counter()
    notes: dict[str, dict[str, str]] = {}
    for hit in sorted(hits, key=lambda h: (-cited[h.doc_id], h.metadata.get("kind") != "explainer")):
        if hit.doc_id not in notes and len(notes) < n:
            notes[hit.doc_id] = {"doc_id": hit.doc_id, "title": str(hit.metadata.get("title", "")),
                                 "as_of": str(hit.metadata.get("as_of", ""))}
    return list(notes.values())


def render(question: str, plan: Plan, hits: list[Hit], searched: str, *, more: int = 3) -> Answer:
    """Number the citations in reading order and write the blocks and the Markdown."""
    book = Citations()
    sentences: list[AnswerSentence] = []
    blocks: list[dict[str, Any]] = []
    lines: list[str] = []

    def cite(e: Evidence) -> tuple[str, list[int]]:
        text = trim(e.text)
        numbers = book.add(e.hit, text, e.keys, score=e.score)
        sentences.append(AnswerSentence(text, numbers))
        return text, numbers

    def lead() -> None:
        parts = []
        cited: list[int] = []
        if plan.computed_lead and plan.table is not None:
            ends = [r for r in (plan.table.rows[0], plan.table.rows[-1]) if r[1] is not None]
            nums = [n for _, e in ends if e is not None for n in book.add(e.hit, trim(e.text), e.keys,
                                                                          score=e.score)]
            nums = list(dict.fromkeys(nums))
            parts.append(f"{plan.computed_lead} {_marks(nums)}".strip())
            cited += nums
        for ev in plan.lead:
            text, said = cite(ev)
            parts.append(f"{text} {_marks(said)}")
            cited += said
        lead_text = " ".join(parts)
        blocks.append({"type": "lead", "text": lead_text, "citations": list(dict.fromkeys(cited))})
        lines.extend([lead_text, ""])

    def table() -> None:
        assert plan.table is not None
        for pick in [plan.table, *plan.more_tables]:
            one_table(pick)

    def one_table(pick: TablePick) -> None:
        columns = [pick.table.columns[i] for i in pick.columns]
        rows = []
        md = ["| " + " | ".join(_cell(c) for c in columns) + " | Source |",
              "|" + "---|" * (len(columns) + 1)]
        for row, source in pick.rows:
            cells = [row.cells[i] if i < len(row.cells) else "" for i in pick.columns]
            row_numbers: list[int] = []
            if source is not None:
                row_numbers = book.add(source.hit, source.text, source.keys, score=source.score)
                sentences.append(AnswerSentence(source.text, row_numbers))
            rows.append({"cells": cells, "citations": row_numbers})
            md.append("| " + " | ".join(_cell(c) for c in cells) + f" | {_marks(row_numbers)} |")
        blocks.append({"type": "table", "columns": columns, "rows": rows})
        blocks.extend(chart_blocks(pick, rows))
        lines.extend(md + [""])

    has_lead = bool(plan.computed_lead or plan.lead)
    if plan.table is not None and plan.table_first:
        table()
    if has_lead:
        lead()
    if plan.table is not None and not plan.table_first and not plan.table_last:
        table()
    if plan.bullets:
        items = []
        for item in plan.bullets:
            # a bullet's sentences, each with its own citations: the one chosen for the aspect first, then the
            # sentences that add to it in note order
            order = [item.evidence, *sorted(item.extra, key=lambda e: (e.hit.chunk_id != item.evidence.hit.chunk_id,
                                                                       e.position))]
            parts_cited = [cite(ev) for ev in order]
            text = " ".join(t for t, _ in parts_cited)
            numbers = list(dict.fromkeys(n for _, ns in parts_cited for n in ns))
            items.append({"text": text, "citations": numbers, "label": item.label})
            label = f"**{item.label}:** " if item.label else ""
            lines.append(f"- {label}" + " ".join(f"{t} {_marks(ns)}" for t, ns in parts_cited))
        blocks.append({"type": "bullets", "items": items})
        lines.append("")
    if plan.table is not None and plan.table_last:
        table()
    by_number = {c.n: c.doc_id for c in book.items}
    quoted = Counter(doc for s in sentences for doc in {by_number[n] for n in s.citations if n in by_number})
    notes = read_more(hits, more, quoted)
    if notes and more:
        blocks.append({"type": "read_more", "notes": notes})
        lines.append("**Read more:** " + "; ".join(
            f"{n['title']}" + (f" (as of {n['as_of']})" if n["as_of"] else "") for n in notes))
    return Answer(question=question, text="\n".join(lines).strip(), sentences=sentences, citations=book.items,
                  abstained=False, searched=searched, answer_type=plan.qtype.value, blocks=blocks)


def nearest(hits: list[Hit], n: int = 3) -> list[dict[str, Any]]:
    """The nearest notes, for an abstention: title, first source's publisher and url, date."""
    from .cite import note_sources

    out: list[dict[str, Any]] = []
    for hit in hits:
        if any(o["doc_id"] == hit.doc_id for o in out):
            continue
        sources = note_sources(hit.metadata)
        first = sources[0] if sources else {}
        out.append({"doc_id": hit.doc_id, "title": hit.metadata.get("title", ""),
                    "publisher": first.get("publisher", ""), "url": first.get("url", ""),
                    "published": hit.metadata.get("published", "")})
        if len(out) >= n:
            break
    return out
