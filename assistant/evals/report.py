"""Reports of an eval run: ``report.json`` (for machines and ``--against``), ``report.md``, one self-contained
``report.html`` whose plots are inline base64 PNGs (no external URL anywhere), and a small ``metrics.json`` summary.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path
from typing import Any

from ..errors import BadRequestError
from .metrics import HIT_CURVE, by_topic, hit_curve, metrics, split_metrics
from .runner import ItemResult

HEADLINE = ["pass_rate", "hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "recall@10", "answer_contains_facts",
            "expected_answer_figures", "expected_answer_similarity", "aspect_coverage", "broad_3plus",
            "answer_words", "answer_type_accuracy", "citation_precision", "citation_recall", "abstention_precision",
            "abstention_recall", "followup_accuracy", "human_right"]
SPLITS = ("tune", "heldout")


def build_payload(runs: dict[str, list[ItemResult]], primary: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The whole run as JSON-ready data: the primary system's metrics and items at top level, every system under
    ``systems``. Each system's metrics hold ``by_split`` (the same metrics per split) when items name a split."""
    systems = {}
    for name, results in runs.items():
        figures = metrics(results)
        splits = split_metrics(results)
        if splits:
            figures["by_split"] = splits
        systems[name] = {"metrics": figures, "by_topic": by_topic(results), "hit_curve": hit_curve(results),
                         "items": [r.to_dict() for r in results]}
    return {**meta, "primary": primary, "metrics": systems[primary]["metrics"], "items": systems[primary]["items"],
            "systems": systems}


_KEPT_WHEN_BLIND = ("id", "split", "kind", "qtype", "topic", "answerable", "followup", "passed", "verdicts",
                    "abstained", "answer_type", "words", "timings_ms")


def blind(payload: dict[str, Any]) -> dict[str, Any]:
    """Hide the held-out items from whoever tunes the answerer: every system's held-out items keep only their
    verdicts and figures (no question, answer, facts or sources), and the comparison lists only tuning items.
    Metrics are computed before this and stay whole."""
    payload["blind"] = True
    for system in payload["systems"].values():
        system["items"] = [{k: i.get(k) for k in _KEPT_WHEN_BLIND} if i.get("split") == "heldout" else i
                           for i in system["items"]]
    payload["items"] = payload["systems"][payload["primary"]]["items"]
    if "diff" in payload:
        held = {i["id"] for i in payload["items"] if i.get("split") == "heldout"}
        d = payload["diff"]
        d["newly_passing"] = [x for x in d["newly_passing"] if x not in held]
        d["newly_failing"] = [x for x in d["newly_failing"] if x["id"] not in held]
        d["new_items"] = [x for x in d["new_items"] if x not in held]
        d["changed_verdicts"] = [c for c in d["changed_verdicts"] if c["id"] not in held]
    return payload


def _listed(payload: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if not (payload.get("blind") and i.get("split") == "heldout")]


def _blind_note(payload: dict[str, Any]) -> str:
    hidden = sum(1 for i in payload["items"] if i.get("split") == "heldout") if payload.get("blind") else 0
    return f"{hidden} held-out items are counted in the metrics but not listed (--blind)." if hidden else ""


def load_previous(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BadRequestError(f"--against {path}: cannot read a previous report.json ({err})") from err
    if not isinstance(data, dict) or "metrics" not in data or "items" not in data:
        raise BadRequestError(f"--against {path}: not a report.json written by `assistant eval`")
    return data


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What got better and worse: metric deltas of the primary system, items newly passing or failing, and for
    every item whose verdict changed its old and new answers."""
    deltas = {}
    for key, value in new["metrics"].items():
        before = old["metrics"].get(key)
        if isinstance(value, int | float) and isinstance(before, int | float) and value != before:
            deltas[key] = {"old": before, "new": value, "delta": round(value - before, 4)}
    was = {i["id"]: i for i in old["items"]}
    changed = []
    for item in new["items"]:
        before = was.get(item["id"])
        if before is None or before.get("passed") == item.get("passed"):
            continue
        changed.append({"id": item["id"], "question": item.get("question", ""), "old_passed": before.get("passed"),
                        "new_passed": item.get("passed"), "old_problem": before.get("problem", ""),
                        "new_problem": item.get("problem", ""), "old_answer": before.get("answer"),
                        "new_answer": item.get("answer"), "old_citations": before.get("citations") or [],
                        "new_citations": item.get("citations") or []})
    now_passing = [c["id"] for c in changed if c["new_passed"] is True and c["old_passed"] is False]
    now_failing = [{"id": c["id"], "problem": c["new_problem"]} for c in changed
                   if c["new_passed"] is False and c["old_passed"] is True]
    added = [i["id"] for i in new["items"] if i["id"] not in was]
    return {"against": old.get("created", ""), "against_label": old.get("label", ""), "metric_deltas": deltas,
            "newly_passing": now_passing, "newly_failing": now_failing, "new_items": added,
            "changed_verdicts": changed}


# -- markdown ------------------------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _with_n(m: dict[str, Any], key: str) -> str:
    """A metric with the number of items it was computed on: ``0.95 (n=40)``, ``n/a (n=0)``."""
    if key not in m:
        return "–"
    count = m.get("n", {}).get(key)
    return _cell(m[key]) + (f" (n={count})" if count is not None else "")


def _summary(payload: dict[str, Any]) -> str:
    m = payload["metrics"]
    label = f"run **{payload['label']}**; " if payload.get("label") else ""
    unchecked = m["items"] - m.get("checked", m["items"])
    human = m.get("n", {}).get("human_right", 0)
    return (f"{label}{m['items']} items ({m['answerable']} answerable, {m['unanswerable']} unanswerable, "
            f"{m['followups']} follow-ups{f', {unchecked} without any check' if unchecked else ''}"
            f"{f', {human} with a human verdict' if human else ''}); primary system `{payload['primary']}`; "
            f"{payload.get('created', '')}. Each metric counts only the items that carry its check (n); n/a means "
            "no item does.")


def _systems_table(payload: dict[str, Any]) -> list[list[str]]:
    names = list(payload["systems"])
    keys = [k for k in HEADLINE if any(k in payload["systems"][n]["metrics"] for n in names)]
    rows = [["metric", *names]]
    for key in keys:
        label = f"{key} (human)" if key == "human_right" else key
        rows.append([label, *[_with_n(payload["systems"][n]["metrics"], key) for n in names]])
    for stage in ("retrieve", "end_to_end"):
        rows.append([f"{stage} p50 / p95 ms", *[
            "{p50} / {p95}".format(**payload["systems"][n]["metrics"]["latency_ms"][stage])
            if stage in payload["systems"][n]["metrics"]["latency_ms"] else "–" for n in names]])
    return rows


def _splits_table(m: dict[str, Any]) -> list[list[str]] | None:
    """Every metric for all items and for each split side by side; None when no item names a split."""
    splits = m.get("by_split") or {}
    if not splits:
        return None
    names = [s for s in SPLITS if s in splits] + sorted(set(splits) - set(SPLITS))
    keys = [k for k, v in m.items() if k not in ("n", "latency_ms", "by_split") and not isinstance(v, dict)]
    rows = [["metric", "all", *names]]
    rows += [[k, _with_n(m, k), *[_with_n(splits[s], k) for s in names]] for k in keys]
    return rows


def _md_table(rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[1:]]
    return out


def _verdict_text(item: dict[str, Any]) -> str:
    if item.get("passed") is None:
        return "unchecked"
    return ", ".join(f"{k} {'ok' if v else 'FAIL'}" for k, v in (item.get("verdicts") or {}).items())


def markdown_report(payload: dict[str, Any]) -> str:
    primary = payload["primary"]
    m = payload["metrics"]
    title = payload.get("eval_set", "") + (f" ({payload['label']})" if payload.get("label") else "")
    lines = [f"# Evaluation report: {title}", "", _summary(payload), ""]
    lines += ["## Systems side by side", ""] + _md_table(_systems_table(payload)) + [""]
    splits = _splits_table(m)
    if splits:
        lines += [f"## By split ({primary})", "", "Held-out items are never used to tune the assistant.", ""]
        lines += _md_table(splits) + [""]
    lines += [f"## All metrics ({primary})", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {_with_n(m, k)} |" for k, v in m.items()
              if k not in ("latency_ms", "n", "by_split") and not isinstance(v, dict)]
    lines += ["", "| stage | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {s} | {v['p50']} | {v['p95']} |" for s, v in m["latency_ms"].items()]
    if payload.get("reviews"):
        r = payload["reviews"]
        lines += ["", f"Human verdicts from {r['file']}: {r['applied']} counted, {r['outdated']} outdated "
                      "(the answer changed since it was reviewed)."]
    if "diff" in payload:
        d = payload["diff"]
        against = d["against"] or "the previous report"
        if d.get("against_label"):
            against += f" ({d['against_label']})"
        lines += ["", f"## Against {against}", "", "| metric | old | new | delta |", "|---|---|---|---|"]
        lines += [f"| {k} | {_cell(v['old'])} | {_cell(v['new'])} | {v['delta']:+g} |"
                  for k, v in d["metric_deltas"].items() if k != "latency_ms"]
        lines += ["", f"Newly passing ({len(d['newly_passing'])}): {', '.join(d['newly_passing']) or 'none'}", "",
                  f"Newly failing ({len(d['newly_failing'])}): "
                  + (", ".join(f"{f['id']} ({f['problem']})" for f in d["newly_failing"]) or "none")]
    if payload.get("gate"):
        gate = payload["gate"]
        lines += ["", f"## Gate ({gate['file']}): {'passed' if not gate['missed'] else 'FAILED'}", ""]
        lines += [f"- {miss}" for miss in gate["missed"]]
        lines += [f"- {key}: n/a on this set, not judged" for key in gate.get("not_applicable", [])]
    if _blind_note(payload):
        lines += ["", _blind_note(payload)]
    for name, system in payload["systems"].items():
        failing = [i for i in _listed(payload, system["items"]) if i["passed"] is False]
        lines += ["", f"## Failing items, {name} ({len(failing)})", "", "| id | question | what went wrong |",
                  "|---|---|---|"]
        lines += [f"| {i['id']} | {_cell(i['question'])} | {_cell(i['problem'])} |" for i in failing]
    return "\n".join(lines) + "\n"


# -- plots and HTML ------------------------------------------------------------------------------------------------
def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plots(payload: dict[str, Any]) -> dict[str, str]:
    """Base64 PNGs: latency distribution, pass rate by topic, hit@k curve (the last two only when some item carries
    their check)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    systems = payload["systems"]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for name, system in systems.items():
        values = [i["timings_ms"].get("end_to_end", 0.0) for i in system["items"]]
        ax.hist(values, bins=30, alpha=0.5, label=name)
    ax.set_xlabel("end-to-end latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Latency distribution")
    ax.legend()
    out["latency"] = _png(fig)
    plt.close(fig)

    topics = sorted({t for s in systems.values() for t in s["by_topic"]})
    if topics:
        fig, ax = plt.subplots(figsize=(7, max(3.0, 0.28 * len(topics) + 1)))
        height = 0.8 / max(1, len(systems))
        for j, (name, system) in enumerate(systems.items()):
            retrieval_only = "pass_rate" not in system["metrics"]
            ax.barh([i + j * height for i in range(len(topics))], [system["by_topic"].get(t, 0.0) for t in topics],
                    height=height,
                    label=f"{name} (retrieval hit@5 only)" if retrieval_only else f"{name} (items passing)")
        ax.set_yticks([i + 0.4 - height / 2 for i in range(len(topics))], topics, fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of checked items")
        ax.set_title("Accuracy by topic")
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize=8)
        out["topics"] = _png(fig)
        plt.close(fig)

    curves = {name: s["hit_curve"] for name, s in systems.items() if s.get("hit_curve")}
    if curves:
        fig, ax = plt.subplots(figsize=(7, 3.2))
        for name, curve in curves.items():
            ax.plot(list(HIT_CURVE), curve, marker="o", label=name)
        ax.set_xlabel("k")
        ax.set_ylabel("hit@k")
        ax.set_title("Retrieval: an expected document in the top k")
        ax.set_xticks(list(HIT_CURVE))
        ax.grid(alpha=0.3)
        ax.legend()
        out["hit_curve"] = _png(fig)
        plt.close(fig)
    return out


def _html_table(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(c))}</td>" for c in row) + "</tr>" for row in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = ("body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left;vertical-align:top}th{background:#f3f3f3}img{max-width:100%}.bad{color:#a00}"
        ".good{color:#070}.muted{color:#777}.answer table{font-size:13px}.answer{max-width:560px}"
        ".answer p{margin:.3em 0}.cite{color:#36c;cursor:help}.check{display:inline-block;margin:1px 3px 1px 0;"
        "padding:0 5px;border-radius:3px;font-size:12px}.check.ok{background:#e3f4e3}.check.fail{background:#fbe0e0}"
        ".check.human{outline:1px dashed #555}ol.sources{margin:0;padding-left:1.4em;font-size:13px}"
        "#only-failing:checked~table.items tr.ok,#only-failing:checked~table.items tr.unchecked{display:none}"
        ".side{display:grid;grid-template-columns:1fr 1fr;gap:1em}.side>div{border:1px solid #ddd;padding:.5em}")

_ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
                 "br", "hr", "h1", "h2", "h3", "h4", "blockquote", "sup", "del"}


def render_answer(text: str | None, citations: list[dict[str, Any]]) -> str:
    """The answer as the chat shows it: Markdown (bullets, tables) rendered with raw HTML, links and images
    disabled, ``[n]`` markers with their quoted passage on hover, then sanitised."""
    import nh3
    from markdown_it import MarkdownIt

    if not text:
        return "<span class='muted'>(no answer: retrieval only)</span>"
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable(["image", "link", "autolink"])
    rendered = parser.render(text)
    quotes = {str(c.get("n")): str(c.get("quote") or c.get("title") or "") for c in citations}

    def marker(match: re.Match[str]) -> str:
        n = match.group(1)
        title = html.escape(quotes.get(n, "no such citation"), quote=True)
        return f'<sup class="cite" title="{title}">[{n}]</sup>'

    rendered = re.sub(r"\[(\d{1,3})\]", marker, rendered)
    return str(nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes={"sup": {"class", "title"}}))


def _source_link(citation: dict[str, Any]) -> str:
    """A cited source: its own link (http or https only), title, publisher and date."""
    title = html.escape(str(citation.get("title") or citation.get("doc_id") or "source"))
    url = str(citation.get("url") or "")
    if url.startswith(("http://", "https://")):
        title = f"<a href=\"{html.escape(url, quote=True)}\" rel=\"noopener noreferrer\">{title}</a>"
    extra = ", ".join(html.escape(str(citation[k])) for k in ("publisher", "published") if citation.get(k))
    extra = f" <span class='muted'>({extra})</span>" if extra else ""
    return f"<li value='{int(citation.get('n') or 0)}'>{title}{extra}</li>"


def _sources(citations: list[dict[str, Any]]) -> str:
    if not citations:
        return "<span class='muted'>none</span>"
    return "<ol class='sources'>" + "".join(_source_link(c) for c in citations) + "</ol>"


def _checks_html(item: dict[str, Any]) -> str:
    verdicts = item.get("verdicts") or {}
    if not verdicts:
        return "<span class='muted'>unchecked</span>"
    out = []
    for name, ok in verdicts.items():
        label = "human review" if name == "human" else name
        out.append(f"<span class='check {'ok' if ok else 'fail'}{' human' if name == 'human' else ''}'>"
                   f"{'✓' if ok else '✗'} {html.escape(label)}</span>")
    if item.get("problem"):
        out.append(f"<div class='bad'>{html.escape(item['problem'])}</div>")
    return "".join(out)


def _items_html(items: list[dict[str, Any]]) -> str:
    failing = sum(1 for i in items if i.get("passed") is False)
    rows = []
    for i in items:
        state = "unchecked" if i.get("passed") is None else "ok" if i["passed"] else "fail"
        question = html.escape(i["question"])
        if i.get("history"):
            earlier = " / ".join(html.escape(t["content"][:120]) for t in i["history"] if t["role"] == "user")
            question = f"<span class='muted'>after: {earlier}</span><br>{question}"
        meta = " · ".join(html.escape(str(i[k])) for k in ("split", "kind", "qtype") if i.get(k))
        rows.append(f"<tr class='{state}'><td>{html.escape(i['id'])}<br><span class='muted'>{meta}</span></td>"
                    f"<td>{question}</td><td>{_checks_html(i)}</td>"
                    f"<td class='answer'>{render_answer(i.get('answer'), i.get('citations') or [])}</td>"
                    f"<td>{_sources(i.get('citations') or [])}</td></tr>")
    return (f"<input type='checkbox' id='only-failing'> <label for='only-failing'>show only failing items "
            f"({failing})</label><table class='items'><thead><tr><th>id</th><th>question</th><th>verdict per check"
            "</th><th>answer</th><th>sources</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _changed_html(changed: list[dict[str, Any]]) -> str:
    def verdict(value: Any) -> str:
        return "unchecked" if value is None else "pass" if value else "FAIL"

    parts = []
    for c in changed:
        parts.append(
            f"<h3>{html.escape(c['id'])}: {verdict(c['old_passed'])} → {verdict(c['new_passed'])}</h3>"
            f"<p>{html.escape(c['question'])}</p><div class='side'>"
            f"<div><b>before</b> <span class='bad'>{html.escape(c.get('old_problem') or '')}</span>"
            f"<div class='answer'>{render_answer(c.get('old_answer'), c.get('old_citations') or [])}</div></div>"
            f"<div><b>now</b> <span class='bad'>{html.escape(c.get('new_problem') or '')}</span>"
            f"<div class='answer'>{render_answer(c.get('new_answer'), c.get('new_citations') or [])}</div></div>"
            "</div>")
    return "".join(parts) or "<p>No item changed its verdict.</p>"


def _md_inline(text: str) -> str:
    """The summary line's ``**bold**`` and ``code`` as HTML, everything else escaped."""
    escaped = html.escape(text)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
    return re.sub(r"`(.+?)`", r"<b>\1</b>", escaped)


def html_report(payload: dict[str, Any]) -> str:
    images = plots(payload)
    m = payload["metrics"]
    title = str(payload.get("eval_set", "")) + (f" ({payload['label']})" if payload.get("label") else "")
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Evaluation report</title>"
             f"<style>{_CSS}</style></head><body>",
             f"<h1>Evaluation report: {html.escape(title)}</h1>", f"<p>{_md_inline(_summary(payload))}</p>",
             "<h2>Systems side by side</h2>", _html_table(_systems_table(payload))]
    splits = _splits_table(m)
    if splits:
        parts += [f"<h2>By split ({html.escape(payload['primary'])})</h2>",
                  "<p>Held-out items are never used to tune the assistant.</p>", _html_table(splits)]
    if payload.get("reviews"):
        r = payload["reviews"]
        parts.append(f"<p>Human verdicts from {html.escape(r['file'])}: {r['applied']} counted (marked "
                     f"<span class='check ok human'>human review</span>), {r['outdated']} outdated.</p>")
    if payload.get("gate"):
        gate = payload["gate"]
        status = "<span class='good'>passed</span>" if not gate["missed"] else "<span class='bad'>FAILED</span>"
        parts.append(f"<h2>Gate ({html.escape(gate['file'])}): {status}</h2><ul>"
                     + "".join(f"<li class='bad'>{html.escape(x)}</li>" for x in gate["missed"])
                     + "".join(f"<li class='muted'>{html.escape(x)}: n/a on this set, not judged</li>"
                               for x in gate.get("not_applicable", [])) + "</ul>")
    if "diff" in payload:
        d = payload["diff"]
        against = d["against"] or "the previous report"
        if d.get("against_label"):
            against += f" ({d['against_label']})"
        rows = [["metric", "old", "new", "delta"]] + [[k, v["old"], v["new"], f"{v['delta']:+g}"]
                                                     for k, v in d["metric_deltas"].items()]
        parts += [f"<h2>Against {html.escape(against)}</h2>", _html_table(rows),
                  f"<p class='good'>Newly passing: {html.escape(', '.join(d['newly_passing']) or 'none')}</p>",
                  "<p class='bad'>Newly failing: " + html.escape(
                      ", ".join(f"{f['id']} ({f['problem']})" for f in d["newly_failing"]) or "none") + "</p>",
                  f"<h3>Changed verdicts ({len(d.get('changed_verdicts', []))})</h3>",
                  _changed_html(d.get("changed_verdicts", []))]
    parts += ["<h2>Plots</h2>"] + [f"<img alt='{k}' src='data:image/png;base64,{v}'>" for k, v in images.items()]
    rows = [["stage", "p50 ms", "p95 ms"]] + [[s, v["p50"], v["p95"]] for s, v in m["latency_ms"].items()]
    parts += [f"<h2>Latency ({html.escape(payload['primary'])})</h2>", _html_table(rows)]
    parts += [f"<h2>Every item ({html.escape(payload['primary'])})</h2>",
              f"<p class='muted'>{html.escape(_blind_note(payload))}</p>" if _blind_note(payload) else "",
              _items_html(_listed(payload, payload["items"]))]
    for name, system in payload["systems"].items():
        if name == payload["primary"]:
            continue
        failing = [i for i in _listed(payload, system["items"]) if i["passed"] is False]
        rows = [["id", "question", "what went wrong"]] + [[i["id"], i["question"], i["problem"]] for i in failing]
        parts += [f"<h2>Failing items, {html.escape(name)} ({len(failing)})</h2>", _html_table(rows)]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_reports(out_dir: Path, payload: dict[str, Any]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html", out_dir / "metrics.json"]
    paths[0].write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    summary = {"eval_set": payload.get("eval_set"), "label": payload.get("label", ""),
               "created": payload.get("created"), "primary": payload["primary"],
               "systems": {name: s["metrics"] for name, s in payload["systems"].items()}}
    paths[3].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(markdown_report(payload), encoding="utf-8")
    paths[2].write_text(html_report(payload), encoding="utf-8")
    return paths
