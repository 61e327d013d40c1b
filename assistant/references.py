"""The cited answer as one Markdown text, for clients that show only text (chat clients, MCP hosts).

The answer keeps its ``[n]`` markers; a numbered source list follows it, then the notice when there is one. The
structured answer (the /api/ask JSON) travels beside this text wherever the protocol has room for it.
"""

from __future__ import annotations

from typing import Any


def source_line(citation: dict[str, Any]) -> str:
    """``[1] USGS via Example Wire, "Gallium", 2024-01-31. https://... (note: gallium-controls)``."""
    publisher = citation.get("publisher") or citation.get("title") or "source"
    if citation.get("via"):
        publisher = f"{publisher} via {citation['via']}"
    title = citation.get("source_title") or citation.get("title") or ""
    parts = [f"[{citation.get('n')}] {publisher}"]
    if title:
        parts.append(f'"{title}"')
    if citation.get("published"):
        parts.append(str(citation["published"]))
    line = ", ".join(parts) + "."
    if citation.get("url"):
        line += f" <{citation['url']}>"
    if citation.get("doc_id"):
        line += f" (note: {citation['doc_id']})"
    return line


def references(citations: list[dict[str, Any]]) -> str:
    """The numbered source list that follows an answer; empty when it cites nothing (an abstention)."""
    if not citations:
        return ""
    return "\n\n**Sources:**\n\n" + "\n".join(f"- {source_line(c)}" for c in citations)


def tail(answer: dict[str, Any]) -> str:
    """What follows the answer's own Markdown: its sources, then its notice."""
    text = references(list(answer.get("citations") or []))
    if answer.get("notice"):
        text += f"\n\n_Note: {answer['notice']}_"
    return text


def answer_text(answer: dict[str, Any]) -> str:
    """The whole reply as one Markdown text: the answer with its ``[n]``, its sources and its notice.

    >>> answer_text({"answer": "Gallium is scarce [1].", "citations": [{"n": 1, "publisher": "USGS",
    ...              "source_title": "Gallium", "published": "2024-01-31", "url": "https://x.example/g"}]})
    'Gallium is scarce [1].\\n\\n**Sources:**\\n\\n- [1] USGS, "Gallium", 2024-01-31. <https://x.example/g>'
    """
    return str(answer.get("answer", "")) + tail(answer)
