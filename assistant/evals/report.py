"""Reports of an eval run: ``report.json`` (for machines and ``--against``), ``report.md``, one self-contained
``report.html`` whose plots are inline base64 PNGs (no external URL anywhere), and a small ``metrics.json`` summary.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

from ..errors import BadRequestError
from .metrics import HIT_CURVE, by_topic, hit_curve, metrics
from .runner import ItemResult

HEADLINE = ["pass_rate", "hit@1", "hit@5", "hit@10", "mrr@10", "ndcg@10", "recall@10", "answer_contains_facts",
            "citation_precision", "citation_recall", "abstention_precision", "abstention_recall", "followup_accuracy"]


def build_payload(runs: dict[str, list[ItemResult]], primary: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The whole run as JSON-ready data: the primary system's metrics and items at top level, every system under
    ``systems``."""
    systems = {name: {"metrics": metrics(results), "by_topic": by_topic(results), "hit_curve": hit_curve(results),
                      "items": [r.to_dict() for r in results]} for name, results in runs.items()}
    return {**meta, "primary": primary, "metrics": systems[primary]["metrics"], "items": systems[primary]["items"],
            "systems": systems}


def load_previous(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BadRequestError(f"--against {path}: cannot read a previous report.json ({err})") from err
    if not isinstance(data, dict) or "metrics" not in data or "items" not in data:
        raise BadRequestError(f"--against {path}: not a report.json written by `assistant eval`")
    return data


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What got better and worse: metric deltas of the primary system and items newly passing or failing."""
    deltas = {}
    for key, value in new["metrics"].items():
        before = old["metrics"].get(key)
        if isinstance(value, int | float) and isinstance(before, int | float) and value != before:
            deltas[key] = {"old": before, "new": value, "delta": round(value - before, 4)}
    was = {i["id"]: i for i in old["items"]}
    now_passing = [i["id"] for i in new["items"] if i["passed"] and i["id"] in was and not was[i["id"]]["passed"]]
    now_failing = [{"id": i["id"], "problem": i["problem"]} for i in new["items"]
                   if not i["passed"] and i["id"] in was and was[i["id"]]["passed"]]
    added = [i["id"] for i in new["items"] if i["id"] not in was]
    return {"against": old.get("created", ""), "metric_deltas": deltas, "newly_passing": now_passing,
            "newly_failing": now_failing, "new_items": added}


# -- markdown ------------------------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _systems_table(payload: dict[str, Any]) -> list[list[str]]:
    names = list(payload["systems"])
    keys = [k for k in HEADLINE if any(k in payload["systems"][n]["metrics"] for n in names)]
    rows = [["metric", *names]]
    for key in keys:
        rows.append([key, *[_cell(payload["systems"][n]["metrics"].get(key)) for n in names]])
    for stage in ("retrieve", "end_to_end"):
        rows.append([f"{stage} p50 / p95 ms", *[
            "{p50} / {p95}".format(**payload["systems"][n]["metrics"]["latency_ms"][stage])
            if stage in payload["systems"][n]["metrics"]["latency_ms"] else "–" for n in names]])
    return rows


def _md_table(rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[1:]]
    return out


def markdown_report(payload: dict[str, Any]) -> str:
    primary = payload["primary"]
    m = payload["metrics"]
    lines = [f"# Evaluation report: {payload.get('eval_set', '')}", "",
             f"{m['items']} items ({m['answerable']} answerable, {m['unanswerable']} unanswerable, "
             f"{m['followups']} follow-ups); primary system `{primary}`; {payload.get('created', '')}.", ""]
    lines += ["## Systems side by side", ""] + _md_table(_systems_table(payload)) + [""]
    lines += [f"## All metrics ({primary})", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {_cell(v)} |" for k, v in m.items() if k != "latency_ms"]
    lines += ["", "| stage | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {s} | {v['p50']} | {v['p95']} |" for s, v in m["latency_ms"].items()]
    if "diff" in payload:
        d = payload["diff"]
        lines += ["", f"## Against {d['against'] or 'the previous report'}", "", "| metric | old | new | delta |",
                  "|---|---|---|---|"]
        lines += [f"| {k} | {_cell(v['old'])} | {_cell(v['new'])} | {v['delta']:+g} |"
                  for k, v in d["metric_deltas"].items() if k != "latency_ms"]
        lines += ["", f"Newly passing ({len(d['newly_passing'])}): {', '.join(d['newly_passing']) or 'none'}", "",
                  f"Newly failing ({len(d['newly_failing'])}): "
                  + (", ".join(f"{f['id']} ({f['problem']})" for f in d["newly_failing"]) or "none")]
    if payload.get("gate"):
        gate = payload["gate"]
        lines += ["", f"## Gate ({gate['file']}): {'passed' if not gate['missed'] else 'FAILED'}", ""]
        lines += [f"- {miss}" for miss in gate["missed"]]
    for name, system in payload["systems"].items():
        failing = [i for i in system["items"] if not i["passed"]]
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
    """Base64 PNGs: latency distribution, pass rate by topic, hit@k curve."""
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
    fig, ax = plt.subplots(figsize=(7, max(3.0, 0.28 * len(topics) + 1)))
    height = 0.8 / max(1, len(systems))
    for j, (name, system) in enumerate(systems.items()):
        retrieval_only = "pass_rate" not in system["metrics"]
        ax.barh([i + j * height for i in range(len(topics))], [system["by_topic"].get(t, 0.0) for t in topics],
                height=height, label=f"{name} (retrieval hit@5 only)" if retrieval_only else f"{name} (items passing)")
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(topics))], topics, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of items")
    ax.set_title("Accuracy by topic")
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=8)
    out["topics"] = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.2))
    for name, system in systems.items():
        ax.plot(list(HIT_CURVE), system["hit_curve"], marker="o", label=name)
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


_CSS = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left;vertical-align:top}th{background:#f3f3f3}img{max-width:100%}.bad{color:#a00}"
        ".good{color:#070}")


def html_report(payload: dict[str, Any]) -> str:
    images = plots(payload)
    m = payload["metrics"]
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Evaluation report</title>"
             f"<style>{_CSS}</style></head><body>",
             f"<h1>Evaluation report: {html.escape(str(payload.get('eval_set', '')))}</h1>",
             f"<p>{m['items']} items ({m['answerable']} answerable, {m['unanswerable']} unanswerable, "
             f"{m['followups']} follow-ups); primary system <b>{html.escape(payload['primary'])}</b>; "
             f"{html.escape(str(payload.get('created', '')))}.</p>",
             "<h2>Systems side by side</h2>", _html_table(_systems_table(payload))]
    if payload.get("gate"):
        gate = payload["gate"]
        status = "<span class='good'>passed</span>" if not gate["missed"] else "<span class='bad'>FAILED</span>"
        parts.append(f"<h2>Gate ({html.escape(gate['file'])}): {status}</h2><ul>"
                     + "".join(f"<li class='bad'>{html.escape(x)}</li>" for x in gate["missed"]) + "</ul>")
    if "diff" in payload:
        d = payload["diff"]
        rows = [["metric", "old", "new", "delta"]] + [[k, v["old"], v["new"], f"{v['delta']:+g}"]
                                                     for k, v in d["metric_deltas"].items()]
        parts += [f"<h2>Against {html.escape(d['against'] or 'the previous report')}</h2>", _html_table(rows),
                  f"<p class='good'>Newly passing: {html.escape(', '.join(d['newly_passing']) or 'none')}</p>",
                  "<p class='bad'>Newly failing: " + html.escape(
                      ", ".join(f"{f['id']} ({f['problem']})" for f in d["newly_failing"]) or "none") + "</p>"]
    parts += ["<h2>Plots</h2>"] + [f"<img alt='{k}' src='data:image/png;base64,{v}'>" for k, v in images.items()]
    rows = [["stage", "p50 ms", "p95 ms"]] + [[s, v["p50"], v["p95"]] for s, v in m["latency_ms"].items()]
    parts += [f"<h2>Latency ({html.escape(payload['primary'])})</h2>", _html_table(rows)]
    for name, system in payload["systems"].items():
        failing = [i for i in system["items"] if not i["passed"]]
        rows = [["id", "question", "what went wrong"]] + [[i["id"], i["question"], i["problem"]] for i in failing]
        parts += [f"<h2>Failing items, {html.escape(name)} ({len(failing)})</h2>", _html_table(rows)]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_reports(out_dir: Path, payload: dict[str, Any]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html", out_dir / "metrics.json"]
    paths[0].write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    summary = {"eval_set": payload.get("eval_set"), "created": payload.get("created"), "primary": payload["primary"],
               "systems": {name: s["metrics"] for name, s in payload["systems"].items()}}
    paths[3].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(markdown_report(payload), encoding="utf-8")
    paths[2].write_text(html_report(payload), encoding="utf-8")
    return paths
