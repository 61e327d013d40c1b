"""Answers as safe HTML for the chat, and as Markdown with references for copying.

Everything that comes from a note, a source or a user is escaped here with ``html.escape`` before it reaches the
page; only the tags written in this module are live. Every fragment then passes an nh3 allowlist of exactly those
tags and attributes (a fence against a bug here), and Gradio's own sanitizer is a third. The HTML is
one line with no blank lines so the chat's Markdown renderer treats it as a single HTML block and never reads note
text as Markdown (a ``[text](javascript:...)`` in a note stays text).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

MARKER = re.compile(r"\[(\d{1,3})\]")
_TAGS = {"div", "p", "span", "b", "br", "mark", "details", "summary", "ol", "ul", "li", "blockquote", "a"}
_ATTRIBUTES = {"*": {"class", "title", "role", "tabindex", "aria-label", "data-n"}, "a": {"href", "target"},
               "details": {"open"}}


def fence(fragment: str) -> str:
    """Keep only the tags and attributes this module writes, and only http(s) links."""
    import nh3

    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                     link_rel="noopener noreferrer")


def _e(value: Any) -> str:
    return escape(str(value if value is not None else ""), quote=True)


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s), else None (so ``javascript:`` and friends never become links)."""
    text = str(url or "").strip()
    return text if re.match(r"^https?://[^\s\"'<>]+$", text, flags=re.IGNORECASE) else None


def _link(text: str, url: Any) -> str:
    href = safe_url(url)
    if href is None:
        return _e(text)
    return f'<a href="{_e(href)}" target="_blank">{_e(text)}</a>'


def publisher_via(c: dict[str, Any]) -> str:
    """The cited source's publisher, and the site the stored copy is on when it is a repost: "Reuters via Nasdaq"."""
    publisher, via = str(c.get("publisher") or ""), str(c.get("via") or "").strip()
    return f"{publisher} via {via}" if via and publisher else publisher or via


def _source_line(c: dict[str, Any]) -> str:
    return ", ".join(p for p in (publisher_via(c), str(c.get("source_title") or c.get("title") or ""),
                                 str(c.get("published") or "")) if p)


def _marker(n: int, citation: dict[str, Any] | None) -> str:
    if citation is None:
        return f'<span class="cm-cite cm-cite-pending">[{n}]</span>'
    quote = str(citation.get("quote") or "")
    where = _source_line(citation)
    return (f'<span class="cm-cite" tabindex="0" role="button" data-n="{n}" title="{_e(quote)} ({_e(where)})" '
            f'aria-label="source {n}">[{n}]<span class="cm-pop"><span class="cm-pop-quote">“{_e(quote)}”</span>'
            f'<span class="cm-pop-source">{_e(where)}</span></span></span>')


def _text_with_markers(text: str, citations: dict[int, dict[str, Any]], unsupported: list[str]) -> str:
    """Escape the answer, turn ``[n]`` into revealable markers and flag unsupported sentences."""
    spans: list[tuple[int, int]] = []
    for sentence in unsupported:
        start = text.find(sentence) if sentence else -1
        if start >= 0:
            spans.append((start, start + len(sentence)))
    out: list[str] = []
    pos = 0
    events: list[tuple[int, str, re.Match[str] | None]] = [(s, "open", None) for s, _ in spans]
    events += [(e, "close", None) for _, e in spans]
    events += [(m.start(), "marker", m) for m in MARKER.finditer(text)]
    for at, what, match in sorted(events, key=lambda event: event[0]):
        if at < pos:
            continue
        out.append(_e(text[pos:at]).replace("\n", "<br>"))
        pos = at
        if what == "open":
            out.append('<mark class="cm-unsupported" title="not supported by the cited sources">')
        elif what == "close":
            out.append("</mark>")
        elif match is not None:
            n = int(match.group(1))
            out.append(_marker(n, citations.get(n)))
            pos = match.end()
    out.append(_e(text[pos:]).replace("\n", "<br>"))
    return "".join(out)


def _sources_panel(citations: list[dict[str, Any]]) -> str:
    items = []
    for c in citations:
        title = str(c.get("source_title") or c.get("title") or "")
        tier = str(c.get("authority") or "")  # the cited source's own tier, not its note's
        meta = " · ".join(_e(p) for p in (publisher_via(c), c.get("published")) if p)
        page = f" · p. {_e(c['page'])}" if c.get("page") else ""
        items.append(
            f'<li class="cm-source" data-n="{_e(c.get("n"))}"><span class="cm-n">[{_e(c.get("n"))}]</span> '
            f'<span class="cm-title">{_link(title, c.get("url"))}</span> '
            f'<span class="cm-meta">{meta}{page}</span> '
            + (f'<span class="cm-tier cm-tier-{_e(tier)}">{_e(tier)}</span> ' if tier else "")
            + f'<span class="cm-note">note: {_e(c.get("title"))}</span>'
            f'<blockquote class="cm-quote">{_e(c.get("quote"))}</blockquote></li>')
    return (f'<details class="cm-sources" open><summary>Sources ({len(citations)})</summary>'
            f'<ol>{"".join(items)}</ol></details>')


def answer_html(answer: dict[str, Any]) -> str:
    """A finished answer (the API's JSON shape): text with markers, warnings, sources panel or abstention."""
    notice = str(answer.get("notice") or "")
    unsupported = [str(s) for s in (answer.get("unsupported") or []) if str(s).strip()]
    parts = []
    if notice:
        parts.append(f'<div class="cm-notice" role="note">{_e(notice)}</div>')
    citations = [c for c in answer.get("citations") or [] if isinstance(c, dict)]
    by_n = {int(c["n"]): c for c in citations if str(c.get("n", "")).isdigit()}
    if answer.get("abstained"):  # may still cite the note that says where the public record stops
        parts.append('<div class="cm-abstain-label">No answer in the curated notes</div>')
        parts.append(f'<p class="cm-text">{_text_with_markers(str(answer.get("answer") or ""), by_n, [])}</p>')
        parts.append(f'<p class="cm-searched"><b>Searched:</b> {_e(answer.get("searched"))}</p>')
        if citations:
            parts.append(_sources_panel(citations))
        nearest = answer.get("nearest") or []
        if nearest:
            rows = "".join(
                f'<li>{_link(str(n.get("title") or n.get("doc_id") or ""), n.get("url"))} '
                f'<span class="cm-meta">{" · ".join(_e(p) for p in (n.get("publisher"), n.get("published")) if p)}'
                f'</span></li>' for n in nearest)
            parts.append(f'<div class="cm-nearest"><b>Nearest sources</b><ul>{rows}</ul></div>')
        return fence(f'<div class="cm-answer cm-abstained">{"".join(parts)}</div>')
    parts.append(f'<p class="cm-text">{_text_with_markers(str(answer.get("answer") or ""), by_n, unsupported)}</p>')
    if unsupported:
        rows = "".join(f"<li>{_e(s)}</li>" for s in unsupported)
        parts.append(f'<div class="cm-unsupported-list" role="alert"><b>⚠ Not supported by the cited sources:</b>'
                     f'<ul>{rows}</ul></div>')
    if citations:
        parts.append(_sources_panel(citations))
    return fence(f'<div class="cm-answer">{"".join(parts)}</div>')


def streaming_html(text: str) -> str:
    """The answer while it streams: escaped text, markers not yet linked to passages."""
    return fence(f'<div class="cm-answer cm-streaming"><p class="cm-text">{_text_with_markers(text, {}, [])}'
                 f'<span class="cm-cursor">▍</span></p></div>')


def question_html(question: str) -> str:
    return fence(f'<div class="cm-question">{_e(question).replace(chr(10), "<br>")}</div>')


def error_html(message: str) -> str:
    return fence(f'<div class="cm-error" role="alert">⚠️ {_e(message)}</div>')


def markdown_with_references(answer: dict[str, Any]) -> str:
    """The answer and a numbered reference list (publisher, title, date, URL), ready to paste into a briefing."""
    text = str(answer.get("answer") or "").strip()
    notice = str(answer.get("notice") or "").strip()
    lines = [f"> {notice}", ""] if notice else []
    lines.append(text)
    citations = [c for c in answer.get("citations") or [] if isinstance(c, dict)]
    if citations:
        lines += ["", "**References**", ""]
        for c in citations:
            title = str(c.get("source_title") or c.get("title") or "")
            parts = [publisher_via(c), f"\"{title}\"" if title else "", str(c.get("published") or "")]
            line = f"{c.get('n')}. " + ", ".join(p for p in parts if p) + "."
            url = safe_url(c.get("url"))
            if url:
                line += f" {url}"
            lines.append(line)
    return "\n".join(lines)
