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
_TAGS = {"div", "p", "span", "b", "br", "mark", "details", "summary", "ol", "ul", "li", "blockquote", "a", "table",
         "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "img"}
_ATTRIBUTES = {"*": {"class", "title", "role", "tabindex", "aria-label", "data-n"}, "a": {"href", "target", "download"},
               "details": {"open"}, "img": {"src", "alt", "width", "height", "loading"}, "th": {"scope"},
               "div": {"data-chart", "aria-live"}}
CHART_PATH = "/api/chart/"  # where the chart images are served (api.py); a chart id is hex, so the URL is safe


def fence(fragment: str) -> str:
    """Keep only the tags and attributes this module writes, and only http(s) links (and our own relative chart
    URLs)."""
    import nh3

    cleaned = nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                        link_rel="noopener noreferrer", attribute_filter=_only_chart_images)
    return _IMG_WITHOUT_SRC.sub("", cleaned)


_CHART_ID = re.compile(r"^[0-9a-f]{8,64}$")
_CHART_SRC = re.compile(r"^/api/chart/[0-9a-f]{8,64}\.(?:png|svg)$")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _only_chart_images(tag: str, attribute: str, value: str) -> str | None:
    """An image may only show one of our charts."""
    if tag == "img" and attribute == "src" and not _CHART_SRC.match(value):
        return None
    return value


def chart_url(chart_id: Any, fmt: str = "png") -> str | None:
    """The image URL of a chart id (hex only, so nothing else can become a URL)."""
    text = str(chart_id or "")
    return f"{CHART_PATH}{text}.{fmt}" if _CHART_ID.match(text) else None


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
    # the accessible name: Gradio's sanitizer drops aria-label, so a visually hidden span says it too
    name = ", ".join(p for p in (publisher_via(citation), _long_date(str(citation.get("published") or ""))) if p)
    return (f'<span class="cm-cite" tabindex="0" role="button" data-n="{n}" title="{_e(quote)} ({_e(where)})" '
            f'aria-label="Source {n}: {_e(name)}">[{n}]<span class="cm-sr"> Source {n}: {_e(name)}</span>'
            f'<span class="cm-pop"><span class="cm-pop-quote">“{_e(quote)}”</span>'
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


def _source_of(numbers: list[int], by_n: dict[int, dict[str, Any]]) -> str:
    """"Source: Reuters, 20 August 2024 [3]" for a chart, from its citation numbers."""
    parts = []
    for n in numbers:
        c = by_n.get(n)
        if c is None:
            continue
        when = _long_date(str(c.get("published") or ""))
        where = ", ".join(p for p in (publisher_via(c), when) if p)
        parts.append(f"{_e(where)} {_marker(n, c)}")
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts) if parts else ""


def _long_date(iso: str) -> str:
    """2024-08-20 -> 20 August 2024 (other text as is)."""
    import datetime as dt

    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _chart_html(block: dict[str, Any], by_n: dict[int, dict[str, Any]]) -> str:
    from ..answering.charts import summary

    url = chart_url(block.get("id"))
    if url is None:
        return ""
    try:
        alt = summary(block)
    except (KeyError, TypeError, ValueError):
        alt = str(block.get("title") or "chart")
    numbers = [int(n) for n in block.get("citations") or [] if str(n).isdigit()]
    caption = str(block.get("caption") or "")
    return (f'<figure class="cm-chart" data-chart="{_e(block.get("id"))}">'
            f'<img src="{_e(url)}" alt="{_e(alt)}" width="720" height="360" loading="lazy">'
            f'<figcaption><span class="cm-chart-title">{_e(block.get("title"))}</span>'
            + (f' <span class="cm-chart-caption">{_e(caption)}</span>' if caption else "")
            + f' <span class="cm-chart-source">{_source_of(numbers, by_n)}</span></figcaption></figure>')


def _table_html(block: dict[str, Any], by_n: dict[int, dict[str, Any]]) -> str:
    columns = [str(c) for c in block.get("columns") or []]
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns) + '<th scope="col">Source</th>'
    body = []
    for row in block.get("rows") or []:
        cells = "".join(f"<td>{_e(c)}</td>" for c in row.get("cells") or [])
        marks = "".join(_marker(int(n), by_n.get(int(n))) for n in row.get("citations") or [] if str(n).isdigit())
        body.append(f"<tr>{cells}<td>{marks}</td></tr>")
    return (f'<div class="cm-table-wrap" role="region" aria-label="table" tabindex="0"><table class="cm-table">'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def _blocks_html(blocks: list[dict[str, Any]], by_n: dict[int, dict[str, Any]], unsupported: list[str]) -> str:
    """The answer's blocks in order: lead paragraph, table, chart, bullets with labels, read-more notes."""
    parts = []
    for block in blocks:
        kind = block.get("type")
        if kind == "lead":
            lead = _text_with_markers(str(block.get("text") or ""), by_n, unsupported)
            parts.append(f'<p class="cm-text cm-lead">{lead}</p>')
        elif kind == "bullets":
            items = []
            for item in block.get("items") or []:
                label = str(item.get("label") or "")
                numbers = "".join(f" [{int(n)}]" for n in item.get("citations") or [] if str(n).isdigit())
                text = _text_with_markers(str(item.get("text") or "") + numbers, by_n, unsupported)
                items.append("<li>" + (f"<b>{_e(label)}:</b> " if label else "") + text + "</li>")
            parts.append(f'<ul class="cm-text cm-bullets">{"".join(items)}</ul>')
        elif kind == "table":
            parts.append(_table_html(block, by_n))
        elif kind == "chart":
            parts.append(_chart_html(block, by_n))
        elif kind == "read_more":
            notes = [f'<li>{_e(n.get("title"))}' + (f' <span class="cm-meta">(as of {_e(n.get("as_of"))})</span>'
                                                    if n.get("as_of") else "") + "</li>"
                     for n in block.get("notes") or []]
            if notes:
                parts.append(f'<div class="cm-readmore"><b>Read more:</b><ul>{"".join(notes)}</ul></div>')
    return "".join(parts)


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
    blocks = [b for b in answer.get("blocks") or [] if isinstance(b, dict)]
    rendered = _blocks_html(blocks, by_n, unsupported) if any(b.get("type") != "lead" for b in blocks) else ""
    if rendered:
        parts.append(rendered)
    else:
        parts.append(f'<p class="cm-text">{_text_with_markers(str(answer.get("answer") or ""), by_n, unsupported)}'
                     '</p>')
    if unsupported:
        rows = "".join(f"<li>{_e(s)}</li>" for s in unsupported)
        parts.append(f'<div class="cm-unsupported-list" role="alert"><b>⚠ Not supported by the cited sources:</b>'
                     f'<ul>{rows}</ul></div>')
    if citations:
        parts.append(_sources_panel(citations))
    return fence(f'<div class="cm-answer">{"".join(parts)}</div>')


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    """Escaped text with pending markers, and the renderer's own ``**label:**`` in bold."""
    return _BOLD.sub(lambda m: f"<b>{m.group(1)}</b>", _text_with_markers(text, {}, []))


def streaming_html(text: str) -> str:
    """The answer while it streams, its Markdown read line by line (a paragraph, a ``- `` bullet, a table row):
    escaped text, markers not yet linked to passages."""
    parts: list[str] = []
    bullets: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if bullets:
            parts.append(f'<ul class="cm-text cm-bullets">{"".join(bullets)}</ul>')
            bullets.clear()
        if rows:
            head = "".join(f'<th scope="col">{_e(c)}</th>' for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
            parts.append(f'<div class="cm-table-wrap"><table class="cm-table"><thead><tr>{head}</tr></thead>'
                         f'<tbody>{body}</tbody></table></div>')
            rows.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                if bullets:
                    flush()
                rows.append(cells)
            continue
        if stripped.startswith("- "):
            if rows:
                flush()
            bullets.append(f"<li>{_inline(stripped[2:])}</li>")
            continue
        flush()
        if stripped:
            parts.append(f'<p class="cm-text">{_inline(stripped)}</p>')
    flush()
    return fence(f'<div class="cm-answer cm-streaming">{"".join(parts)}<span class="cm-cursor">▍</span></div>')


def table_csv(answer: dict[str, Any]) -> str:
    """The answer's first table as CSV (with a Source column naming the publishers), for a spreadsheet; empty
    when it has none."""
    import csv
    import io

    table = next((b for b in answer.get("blocks") or [] if isinstance(b, dict) and b.get("type") == "table"), None)
    if table is None:
        return ""
    by_n = {int(c["n"]): c for c in answer.get("citations") or [] if str(c.get("n", "")).isdigit()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*(str(c) for c in table.get("columns") or []), "Source"])
    for row in table.get("rows") or []:
        sources = "; ".join(f"[{n}] " + _source_line(by_n[int(n)]) for n in row.get("citations") or []
                            if str(n).isdigit() and int(n) in by_n)
        writer.writerow([*(_spreadsheet_safe(str(c)) for c in row.get("cells") or []), _spreadsheet_safe(sources)])
    return out.getvalue()


def _spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not _NUMBERISH.match(cell)) \
        else cell


_NUMBERISH = re.compile(r"^-\d[\d,.]*%?$")


def chart_links(answer: dict[str, Any]) -> str:
    """Links to the answer's charts as PNG and SVG (for a slide), as safe HTML; empty when it has none."""
    links = []
    for block in answer.get("blocks") or []:
        if not isinstance(block, dict) or block.get("type") != "chart":
            continue
        png, svg = chart_url(block.get("id")), chart_url(block.get("id"), "svg")
        if png and svg:
            links.append(f'<li>{_e(block.get("title"))}: <a href="{_e(png)}" download>PNG</a> · '
                         f'<a href="{_e(svg)}" download>SVG</a></li>')
    return fence(f'<ul class="cm-chart-links">{"".join(links)}</ul>') if links else ""


def live_text(answer: dict[str, Any]) -> str:
    """What a screen reader hears once an answer is finished (the chat's live region): the answer's prose without
    markers, and what else it holds; escaped."""
    head = "No answer in the curated notes. " if answer.get("abstained") else "Answer: "
    prose = [ln for ln in str(answer.get("answer") or "").splitlines()
             if ln.strip() and not ln.lstrip().startswith(("|", "**Read more"))]
    text = MARKER.sub("", " ".join(ln.lstrip("- ").replace("**", "") for ln in prose))
    kinds = {b.get("type") for b in answer.get("blocks") or [] if isinstance(b, dict)}
    extra = [what for kind, what in (("table", "a table"), ("chart", "a chart")) if kind in kinds]
    cited = len(answer.get("citations") or [])
    tail = (f" With {' and '.join(extra)}." if extra else "") + (f" {cited} sources cited." if cited else "")
    said = head + re.sub(r"\s+", " ", text).strip()[:1500] + tail
    return fence(f"<p>{_e(said)}</p>")


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
